/*
 * test_jsonpos.c - line numbers of JSON values, for rule-file errors.
 */
#include "check.h"
#include "jsonpos.h"

#include <string.h>

int main(void)
{
	const char *text = "{\n"
			   "  \"id\": \"FEE\",\n"
			   "  \"patterns\": [\n"
			   "    {\"lang\": \"en\",\n"
			   "     \"re\": \"fee\"},\n"
			   "    {\"lang\": \"es\", \"re\": \"tarifa\"}\n"
			   "  ],\n"
			   "  \"k\\\"ey\": \"multi\\nline\",\n"
			   "  \"after\": [[1,\n2], {\"x\": null}]\n"
			   "}\n";
	lw_jsonpos *pos = lw_jsonpos_scan(text, strlen(text));
	CHECK(pos != NULL);
	CHECK_INT(lw_jsonpos_line(pos, "%s", ""), 1);
	CHECK_INT(lw_jsonpos_line(pos, "/id"), 2);
	CHECK_INT(lw_jsonpos_line(pos, "/patterns"), 3);
	CHECK_INT(lw_jsonpos_line(pos, "/patterns/%d", 0), 4);
	CHECK_INT(lw_jsonpos_line(pos, "/patterns/0/re"), 5);
	CHECK_INT(lw_jsonpos_line(pos, "/patterns/1/re"), 6);
	CHECK_INT(lw_jsonpos_line(pos, "/after/1/x"), 10);
	/* Unknown pointers fall back to the nearest recorded ancestor. */
	CHECK_INT(lw_jsonpos_line(pos, "/patterns/1/nothing"), 6);
	CHECK_INT(lw_jsonpos_line(pos, "/missing"), 1);
	lw_jsonpos_free(pos);

	/* Deep nesting is skipped, not recursed into; truncated text ends. */
	char deep[4096];
	memset(deep, '[', 2000);
	memset(deep + 2000, ']', 2000);
	deep[4000] = '\0';
	pos = lw_jsonpos_scan(deep, strlen(deep));
	CHECK(pos != NULL);
	CHECK_INT(lw_jsonpos_line(pos, "/0/0/0"), 1);
	lw_jsonpos_free(pos);
	pos = lw_jsonpos_scan("{\"a\": [1, \"unterminated", 22);
	CHECK(pos != NULL);
	lw_jsonpos_free(pos);
	return CHECK_DONE();
}
