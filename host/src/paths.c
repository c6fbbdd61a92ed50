/*
 * paths.c - where the CLI and the host find their rule pack.
 *
 * Both programs must work from the build tree (developers, tests), from an
 * installed prefix (~/.local, /usr/local, a .deb) and when a browser
 * launches the host with an unknown working directory and a bare
 * environment. So the pack is found relative to the executable itself,
 * never relative to the current directory.
 */
#include "err.h"
#include "exepath.h"
#include "lurewatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LW_RULES_INSTALL_REL
#define LW_RULES_INSTALL_REL "../share/lurewatch/rules"
#endif
#ifndef LW_RULES_SOURCE_DIR
#define LW_RULES_SOURCE_DIR "rules"
#endif

/* Whether dir holds a pack.json that can be opened. */
static int has_pack(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/pack.json", dir);
	FILE *f = fopen(path, "rb");
	if (f)
		fclose(f);
	return f != NULL;
}

int lw_rules_default_dir(char *out, size_t outlen)
{
	char installed[4096] = "";
	const char *env = getenv("LUREWATCH_RULES");
	if (env && *env) {
		snprintf(out, outlen, "%s", env);
		if (has_pack(out))
			return 0;
		lw_error_set("LUREWATCH_RULES=%s holds no pack.json", env);
		return LW_EIO;
	}
	if (lw_exe_dir(installed, sizeof(installed)) != 0)
		installed[0] = '\0';
	if (installed[0]) {
		size_t n = strlen(installed);
		snprintf(installed + n, sizeof(installed) - n, "/%s",
			 LW_RULES_INSTALL_REL);
		if (has_pack(installed)) {
			snprintf(out, outlen, "%s", installed);
			return 0;
		}
	}
	if (has_pack(LW_RULES_SOURCE_DIR)) {
		snprintf(out, outlen, "%s", LW_RULES_SOURCE_DIR);
		return 0;
	}
	lw_error_set("no rule pack found: looked in %s and %s; use --rules DIR",
		     installed[0] ? installed : "(executable's directory)",
		     LW_RULES_SOURCE_DIR);
	return LW_EIO;
}
