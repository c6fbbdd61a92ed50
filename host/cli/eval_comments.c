/*
 * eval_comments.c - per-comment figures of `lurewatch eval` (see
 * eval_comments.h).
 */
#include "eval_comments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mark the comments an astroturf indicator points at: the N of evidence
 * fields "comments.N.text" and the comments of its clusters. */
static void mark_flagged(unsigned char *flagged, size_t n, const json_t *ind)
{
	size_t i, j;
	json_t *e, *c, *k;
	json_array_foreach(json_object_get(ind, "evidence"), i, e)
	{
		const char *field =
			json_string_value(json_object_get(e, "field"));
		char *end;
		if (!field || strncmp(field, "comments.", 9) != 0)
			continue;
		unsigned long at = strtoul(field + 9, &end, 10);
		if (strcmp(end, ".text") == 0 && at < n)
			flagged[at] = 1;
	}
	json_array_foreach(json_object_get(ind, "clusters"), i, c)
	{
		json_array_foreach(json_object_get(c, "comments"), j, k)
		{
			json_int_t at = json_integer_value(k);
			if (at >= 0 && (size_t)at < n)
				flagged[at] = 1;
		}
	}
}

void eval_comments_count(struct comment_tally *t, const json_t *item,
			 const json_t *result)
{
	const json_t *comments = json_object_get(item, "comments");
	size_t n = json_array_size(comments);
	unsigned char *flagged = n ? calloc(n, 1) : NULL;
	if (!flagged)
		return;
	size_t i;
	json_t *ind, *c;
	json_array_foreach(json_object_get(result, "indicators"), i, ind)
	{
		const char *cat =
			json_string_value(json_object_get(ind, "category"));
		if (cat && strcmp(cat, "astroturf") == 0)
			mark_flagged(flagged, n, ind);
	}
	json_array_foreach(comments, i, c)
	{
		json_t *label = json_object_get(c, "label");
		if (!json_is_integer(label))
			continue;
		int positive = json_integer_value(label) == 1;
		if (flagged[i])
			*(positive ? &t->tp : &t->fp) += 1;
		else
			*(positive ? &t->fn : &t->tn) += 1;
	}
	free(flagged);
}

void eval_comments_add(const struct comment_tally *t, json_t *figures)
{
	long labelled = t->tp + t->fp + t->fn + t->tn;
	if (!labelled)
		return;
	double precision =
		t->tp + t->fp ? (double)t->tp / (double)(t->tp + t->fp) : 0;
	double recall =
		t->tp + t->fn ? (double)t->tp / (double)(t->tp + t->fn) : 0;
	json_object_set_new(
		figures, "comments",
		json_pack("{s:I, s:I, s:I, s:I, s:f, s:f}", "labelled",
			  (json_int_t)labelled, "tp", (json_int_t)t->tp, "fp",
			  (json_int_t)t->fp, "fn", (json_int_t)t->fn,
			  "precision", precision, "recall", recall));
}

void eval_comments_print(const json_t *figures)
{
	const json_t *c = json_object_get(figures, "comments");
	if (!c)
		return;
	printf("\nComments (flagged: pointed at by an astroturf indicator): "
	       "%lld labelled, precision %.3f, recall %.3f (TP %lld, FP "
	       "%lld, FN %lld)\n",
	       json_integer_value(json_object_get(c, "labelled")),
	       json_real_value(json_object_get(c, "precision")),
	       json_real_value(json_object_get(c, "recall")),
	       json_integer_value(json_object_get(c, "tp")),
	       json_integer_value(json_object_get(c, "fp")),
	       json_integer_value(json_object_get(c, "fn")));
}
