leaktrail_SOURCES += src/cli/main.c src/cli/commands.h src/cli/cmd_parsers.c
