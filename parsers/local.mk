# One file per log family; registry.c lists them.
libleaktrail_a_SOURCES += \
	parsers/registry.c
