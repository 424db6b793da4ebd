// SPDX-License-Identifier: GPL-2.0
/* The option layer: one table per command, parsed and documented from it. */
#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define USAGE_OPTS_WIDTH 30

static int takes_value(const struct wb_option *o)
{
	return o->type != WB_OPT_BOOL && !(o->type == WB_OPT_CALLBACK && !o->argh);
}

static size_t opt_head(struct strbuf *sb, const struct wb_option *o)
{
	size_t start = sb->len;

	if (o->short_name)
		strbuf_addf(sb, "-%c", o->short_name);
	if (o->short_name && o->long_name)
		strbuf_addstr(sb, ", ");
	if (o->long_name)
		strbuf_addf(sb, "--%s", o->long_name);
	if (takes_value(o) && o->optional)
		strbuf_addf(sb, "[=%s]", o->argh ? o->argh : "VALUE");
	else if (takes_value(o))
		strbuf_addf(sb, "%s%s", o->long_name ? "=" : " ", o->argh ? o->argh : "VALUE");
	return sb->len - start;
}

static void usage_line(FILE *f, struct strbuf *sb, const struct wb_option *o)
{
	size_t n;

	strbuf_reset(sb);
	strbuf_addstr(sb, "    ");
	n = opt_head(sb, o) + 4;
	if (n + 2 > USAGE_OPTS_WIDTH)
		strbuf_addf(sb, "\n%*s", USAGE_OPTS_WIDTH, "");
	else
		strbuf_addf(sb, "%*s", (int)(USAGE_OPTS_WIDTH - n), "");
	strbuf_addstr(sb, o->help ? o->help : "");
	fprintf(f, "%s\n", sb->buf);
}

void wb_usage_with_options(FILE *f, const struct wb_option *opts, const char *const *usage)
{
	static const struct wb_option help =
		WB_OPT_BOOL_F('h', "help", NULL, "show this help and exit (129)");
	struct strbuf sb = STRBUF_INIT;
	const struct wb_option *o;
	size_t i;

	for (i = 0; usage && usage[i]; i++)
		fprintf(f, "%s%s\n", i ? "   or: " : "usage: ", usage[i]);
	fputc('\n', f);
	for (o = opts; o && o->type != WB_OPT_END; o++)
		usage_line(f, &sb, o);
	usage_line(f, &sb, &help);
	strbuf_release(&sb);
}

int wb_usage_error(const struct wb_option *opts, const char *const *usage, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	error("%s", sb.buf);
	strbuf_release(&sb);
	wb_usage_with_options(stderr, opts, usage);
	return WB_EXIT_USAGE;
}

static void list_options(const struct wb_option *opts)
{
	const struct wb_option *o;

	for (o = opts; o->type != WB_OPT_END; o++)
		if (o->long_name)
			printf("--%s%s\n", o->long_name, takes_value(o) ? "=" : "");
	printf("--help\n");
}

/* Store arg (NULL: none) for o, named name in messages; -1 after an error. */
static int set_value(const struct wb_option *o, const char *name, const char *arg)
{
	unsigned long v;
	char *end;
	size_t i;

	switch (o->type) {
	case WB_OPT_BOOL:
		*(int *)o->value = (int)o->defval;
		return 0;
	case WB_OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case WB_OPT_ULONG:
		errno = 0;
		v = strtoul(arg, &end, 10);
		if (errno || end == arg || *end || arg[0] == '-' || v > o->max)
			return error("option '%s' wants a number up to %lu, not '%s'", name, o->max, arg);
		*(unsigned long *)o->value = v;
		return 0;
	case WB_OPT_CHOICE:
		for (i = 0; o->choices[i]; i++)
			if (!strcmp(arg, o->choices[i])) {
				*(const char **)o->value = o->choices[i];
				return 0;
			}
		{
			struct strbuf sb = STRBUF_INIT;

			for (i = 0; o->choices[i]; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", o->choices[i]);
			error("option '%s' wants one of %s, not '%s'", name, sb.buf, arg);
			strbuf_release(&sb);
		}
		return -1;
	case WB_OPT_CALLBACK:
		return o->cb(o, arg);
	case WB_OPT_END:
		break;
	}
	return error("option '%s': internal error", name);
}

static const struct wb_option *find_long(const struct wb_option *opts, const char *name, size_t n)
{
	const struct wb_option *o;

	for (o = opts; o->type != WB_OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == n && !strncmp(o->long_name, name, n))
			return o;
	return NULL;
}

static const struct wb_option *find_short(const struct wb_option *opts, int c)
{
	const struct wb_option *o;

	for (o = opts; o->type != WB_OPT_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

int wb_parse_options(int *exit_code, int argc, const char **argv,
		     const struct wb_option *opts, const char *const *usage)
{
	int i, nargs = 0;
	char name[64];

	*exit_code = WB_EXIT_OK;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct wb_option *o;

		if (a[0] != '-' || !a[1]) {
			argv[nargs++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				argv[nargs++] = argv[i];
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			wb_usage_with_options(stdout, opts, usage);
			*exit_code = WB_EXIT_HELP;
			return -1;
		}
		if (!strcmp(a, "--wb-list-options")) {
			list_options(opts);
			return -1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			const char *arg = eq ? eq + 1 : NULL;

			o = find_long(opts, a + 2, n);
			if (!o) {
				*exit_code = wb_usage_error(opts, usage, "unknown option '%.*s'",
							    (int)(n + 2), a);
				return -1;
			}
			snprintf(name, sizeof(name), "--%s", o->long_name);
			if (!takes_value(o) && arg) {
				*exit_code = wb_usage_error(opts, usage, "option '%s' takes no value", name);
				return -1;
			}
			if (takes_value(o) && !arg && o->optional && o->choices) {
				arg = o->choices[0];
			} else if (takes_value(o) && !arg) {
				if (i + 1 >= argc) {
					*exit_code = wb_usage_error(opts, usage, "option '%s' needs a value", name);
					return -1;
				}
				arg = argv[++i];
			}
			if (set_value(o, name, arg) < 0) {
				*exit_code = WB_EXIT_USAGE;
				return -1;
			}
			continue;
		}
		/* a cluster of short options: -dv, -j4, -j 4, -o DIR */
		for (a++; *a; a++) {
			const char *arg = NULL;

			o = find_short(opts, (unsigned char)*a);
			if (!o) {
				*exit_code = wb_usage_error(opts, usage, "unknown option '-%c'", *a);
				return -1;
			}
			snprintf(name, sizeof(name), "-%c", *a);
			if (takes_value(o)) {
				if (a[1])
					arg = a + 1;
				else if (i + 1 < argc)
					arg = argv[++i];
				else {
					*exit_code = wb_usage_error(opts, usage, "option '%s' needs a value", name);
					return -1;
				}
			}
			if (set_value(o, name, arg) < 0) {
				*exit_code = WB_EXIT_USAGE;
				return -1;
			}
			if (arg)
				break;
		}
	}
	argv[nargs] = NULL;
	return nargs;
}
