/* The recipient's README in Japanese (readme.h). */
#include "handover/readme.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "export/out.h"
#include "handover/session.h"

static void contents(struct lt_out *o, const struct hsession *s)
{
	lt_out_puts(o, "■ 内容\n"
		       "  keii.ja.pdf / keii.ja.html   経緯書（日本語）。印刷用は PDF\n"
		       "  keii.en.pdf / keii.en.html   同（英語）\n"
		       "  timeline.csv                 証拠タイムライン（Excel で開ける UTF-8）\n"
		       "  timeline.jsonl               同（JSON Lines。Timesketch 等に取り込める）\n"
		       "  case/manifest.json           証拠目録：全証拠ファイルの SHA-256、読込・解析の記録\n");
	if (strcmp(s->o->audience, "internal") != 0)
		lt_out_puts(o, "  case/notes.jsonl             調査担当の所見（ハッシュ連鎖）\n"
			       "  case/custody.jsonl           証拠保全記録（ハッシュ連鎖）\n"
			       "  case/audit.log               操作記録（ハッシュ連鎖）\n");
	lt_out_puts(o, "  handover.json                本資料の説明（提出先、対象者、取扱いの選択）\n"
		       "  SHA256SUMS                   上記全ファイルの SHA-256\n");
	if (s->o->sign_key)
		lt_out_puts(o, "  SHA256SUMS.sig               SHA256SUMS の電子署名（Ed25519）\n"
			       "  signer.pub.pem               署名者の公開鍵\n");
	lt_out_puts(o, "\n");
}

static void recipe(struct lt_out *o, const struct hsession *s, bool case_sig_by_key)
{
	int step = 1;
	lt_out_printf(o, "■ 改ざんされていないことの確認（leaktrail は不要）\n"
		       "このフォルダで次のコマンドを実行する（Linux、macOS、Windows の WSL。sha256sum と\n"
		       "openssl 3 が必要）。どれかが失敗したら、その資料は受け取った時点から変わっている。\n\n"
		       "%d. 全ファイルの SHA-256 が SHA256SUMS と一致すること（全行 OK と出る）\n"
		       "  $ sha256sum -c SHA256SUMS\n\n", step++);
	if (s->o->sign_key) {
		lt_out_printf(o, "%d. SHA256SUMS の署名が正しいこと（Signature Verified Successfully と出る）\n"
			       "  $ openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin -in SHA256SUMS "
			       "-sigfile SHA256SUMS.sig\n"
			       "   公開鍵が送付者のものであることは、次の値を送付者に電話等の別経路で確かめる。\n"
			       "  $ openssl pkey -pubin -in signer.pub.pem -outform DER | sha256sum\n\n", step++);
	}
	if (case_sig_by_key)
		lt_out_printf(o, "%d. 証拠目録（case/manifest.json）が調査時に署名されたものと同じであること\n"
			       "  $ openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin -in case/manifest.json "
			       "-sigfile case/manifest.sig\n\n", step++);
	lt_out_printf(o, "%d. 証拠目録の SHA-256 が経緯書の記載（%.16s…）と一致すること\n"
			 "  $ sha256sum case/manifest.json | grep -q '^%s '\n\n",
		      step, s->manifest_sha256, s->manifest_sha256);
	lt_out_puts(o, "時刻認証（case/manifest.tsr がある場合）は時刻認証局の CA 証明書 TSA-CA.pem で確認する:\n"
		       "   openssl ts -verify -in case/manifest.tsr -queryfile case/manifest.tsq -CAfile TSA-CA.pem\n\n"
		       "証拠の原本（ログファイル）を受け取った場合は、各ファイルの SHA-256 を sha256sum で求め、\n"
		       "経緯書 4. の証拠目録の値と比べる。経緯書の各引用の SHA-256 も同じ値を指す。\n"
		       "leaktrail があれば `leaktrail verify このフォルダ` が上記をまとめて確認する。\n\n");
}

int hs_write_readme(const struct hsession *s, const char *path, bool case_sig_by_key, char *err, size_t errlen)
{
	struct lt_out *o = lt_out_open(path);
	if (!o) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	lt_out_printf(o, "証拠資料一式（%s）\n\n", s->case_id ? s->case_id : "-");
	lt_out_printf(o, "提出先: %s\n対象者:", s->o->audience);
	for (size_t i = 0; i < s->o->npersons; i++)
		lt_out_printf(o, " %s", s->o->persons[i]);
	lt_out_printf(o, "\n基準日（証拠の最終読込）: %s\n作成: leaktrail %s\n\n", s->date, PACKAGE_VERSION);
	lt_out_puts(o, "本資料は社内ログの調査結果を、秘密情報の保護ハンドブック 6-4 が挙げる証拠の形でまとめた\n"
		       "ものである。経緯書が事実を時系列で述べ、各項目が証拠（ファイル名、行番号、SHA-256、原文）\n"
		       "を引用する。取扱いの選択（実名・仮名、引用の範囲）は経緯書 5. と handover.json にある。\n\n");
	contents(o, s);
	recipe(o, s, case_sig_by_key);
	char sha[LT_SHA256_HEX];
	uint64_t size;
	if (lt_out_close(o, sha, &size) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
