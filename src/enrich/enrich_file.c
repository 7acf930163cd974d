/* Files and print jobs: classification label in the name or path, and the
 * secret repository (with its business area) a path falls in (R03, R10).
 *
 * Repository patterns are matched against file.path; when a parser reports
 * the path relative to a share (Samba), also against "SHAREPATH/PATH" and
 * "SHARENAME/PATH", composed in a per-thread buffer that is reused.
 */
#include <string.h>

#include "enrich/enrich.h"
#include "util/buf.h"

static _Thread_local struct lt_buf scratch;

static bool label_of(const struct lt_context *ctx, struct lt_record *r, const char *key)
{
	struct lt_str s;
	const char *label;
	size_t n;
	if (!lt_rec_get_str(r, key, &s))
		return false;
	bool hit = lt_context_classified(ctx, s.p, s.n, &label, &n);
	lt_enrich_note_limits(key);
	if (!hit)
		return false;
	lt_rec_set_str(r, LT_E_FILE_LABEL, label, n);
	return true;
}

static bool repo_with_prefix(const struct lt_context *ctx, const struct lt_record *r, const char *key,
			     const char *field, struct lt_str path, const char **name, const char **area)
{
	struct lt_str pre;
	if (!lt_rec_get_str(r, key, &pre) || !pre.n)
		return false;
	lt_buf_reset(&scratch);
	lt_buf_append(&scratch, pre.p, pre.n);
	if (pre.p[pre.n - 1] != '/' && path.n && path.p[0] != '/')
		lt_buf_putc(&scratch, '/');
	lt_buf_append(&scratch, path.p, path.n);
	bool hit = lt_context_secret_repo(ctx, scratch.data, scratch.len, name, area);
	lt_enrich_note_limits(field);
	return hit;
}

static void repository(const struct lt_context *ctx, struct lt_record *r, const struct lt_enrich_state *st)
{
	struct lt_str path;
	if (!lt_rec_get_str(r, LT_F_FILE_PATH, &path))
		return;
	const char *name = NULL, *area = NULL;
	bool hit = lt_context_secret_repo(ctx, path.p, path.n, &name, &area);
	lt_enrich_note_limits(LT_F_FILE_PATH);
	hit = hit || repo_with_prefix(ctx, r, LT_F_SHARE_PATH, LT_F_SHARE_PATH " + " LT_F_FILE_PATH, path, &name,
				      &area);
	hit = hit || repo_with_prefix(ctx, r, LT_F_SHARE_NAME, LT_F_SHARE_NAME " + " LT_F_FILE_PATH, path, &name,
				      &area);
	if (!hit)
		return;
	lt_rec_set_cstr(r, LT_E_FILE_REPO, name);
	lt_rec_set_cstr(r, LT_E_FILE_AREA, area);
	if (st->person)
		lt_rec_set_bool(r, LT_E_FILE_OWN_AREA, lt_person_has_area(st->person, area));
}

void lt_enrich_file(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st)
{
	bool any = lt_rec_get(r, LT_F_FILE_NAME) || lt_rec_get(r, LT_F_FILE_PATH) ||
		   lt_rec_get(r, LT_F_PRINT_DOCUMENT);
	if (!any)
		return;
	bool classified = label_of(ctx, r, LT_F_FILE_NAME) || label_of(ctx, r, LT_F_PRINT_DOCUMENT) ||
			  label_of(ctx, r, LT_F_FILE_PATH);
	lt_rec_set_bool(r, LT_E_FILE_CLASSIFIED, classified);
	if (lt_context_has(ctx, LT_CTX_SECRET_REPOS))
		repository(ctx, r, st);
}

void lt_enrich_usb(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st)
{
	(void)st;
	struct lt_str serial = { "", 0 };
	bool usb = lt_rec_get_str(r, LT_F_USB_SERIAL, &serial) || lt_rec_get(r, LT_F_USB_VENDOR_ID) ||
		   lt_rec_get(r, LT_F_USB_PRODUCT);
	if (!usb || !lt_context_has(ctx, LT_CTX_APPROVED_USB))
		return;
	lt_rec_set_bool(r, LT_E_USB_APPROVED, serial.n && lt_context_usb_approved(ctx, serial.p, serial.n));
}

void lt_enrich_thread_cleanup(void)
{
	lt_buf_free(&scratch);
	lt_context_thread_cleanup();
}
