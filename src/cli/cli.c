/* The shared set-up of commands: the option loop and the audit line (cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "util/diag.h"
#include "util/xalloc.h"

/* One message for every command whose CASE operand is not a directory. */
static int check_case(struct lt_cli *c)
{
	if (optind >= c->argc)
		return 0;	/* the command says which operands it wants */
	const char *dir = c->argv[optind];
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "leaktrail %s: error: %s: %s\n", c->name, dir,
			errno == ENOENT || errno == 0 ? "no such case directory" : strerror(errno));
		c->status = LT_EXIT_IO;
		return -1;
	}
	c->case_dir = dir;
	return 0;
}

int lt_cli_next(struct lt_cli *c, const struct lt_cli_opts *o)
{
	/* -h is every command's; the caller's short options follow it. */
	char shortopts[64];
	snprintf(shortopts, sizeof shortopts, "h%s", o->shortopts);
	bool has_q = strchr(o->shortopts, 'q') != NULL;
	opterr = 0;
	for (;;) {
		int k = getopt_long(c->argc, c->argv, shortopts, o->longopts, NULL);
		if (k == -1)
			break;
		if (k == LT_CLI_HELP) {
			fputs(o->help, stdout);
			c->status = LT_EXIT_OK;
			return LT_CLI_STOP;
		}
		if (k == '?' || k == ':') {
			c->status = lt_usage_error(c->name, "unknown or incomplete option '%s'", c->argv[optind - 1]);
			return LT_CLI_STOP;
		}
		if (k == 'q' && has_q) {
			c->quiet = true;
			continue;
		}
		return k;
	}
	if ((c->flags & LT_CMD_NEEDS_CASE) && check_case(c) != 0)
		return LT_CLI_STOP;
	return LT_CLI_END;
}

void lt_cli_case_files(struct lt_audit_list *l, const char *case_dir, const char *const *names)
{
	for (size_t i = 0; names && names[i]; i++) {
		char *p = lt_xasprintf("%s/%s", case_dir, names[i]);
		lt_audit_list_add(l, p, NULL);
		free(p);
	}
}

int lt_cli_audit(struct lt_cli *c, int status)
{
	if (c->audited || !c->audit_case)
		return status;
	c->audited = true;
	if (lt_audit_append_extra(c->audit_case, c->argc, c->argv, status, c->in.v, c->in.n, c->out.v, c->out.n,
				  c->extra_key, c->extra_json) == 0)
		return status;
	bool required = (c->flags & LT_CMD_AUDIT_REQUIRED) != 0;
	fprintf(stderr, "leaktrail %s: %s: %s/audit.log: %s\n", c->name, required ? "error" : "warning",
		c->audit_case, strerror(errno));
	return required && status <= LT_EXIT_FAULTS ? LT_EXIT_IO : status;
}
