leaktrail_SOURCES += src/cli/main.c src/cli/commands.h src/cli/cli.h src/cli/cli.c src/cli/cmd_parsers.c \
	src/cli/cmd_ingest.c src/cli/cmd_dump.c \
	src/cli/cmd_scan.c src/cli/cmd_rules.c
leaktrail_SOURCES += src/cli/cmd_timeline.c src/cli/cmd_verify.c src/cli/cmd_sign.c src/cli/cmd_reidentify.c src/cli/cmd_run.c
leaktrail_SOURCES += src/cli/cmd_note.c src/cli/cmd_custody.c
leaktrail_SOURCES += src/cli/cmd_handover.c
leaktrail_SOURCES += src/cli/cmd_merge.c

TESTS += tests/e2e/cli_setup.sh
dist_check_SCRIPTS += tests/e2e/cli_setup.sh
