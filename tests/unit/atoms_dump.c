/*
 * atoms_dump.c - print the atoms (atoms.c) of every pattern read from
 * standard input, one pattern a line: its return code, then its required
 * atoms and its leading strings, each in order, bytes below "!" and the
 * separators "," and "\" escaped as \xHH.
 *
 * A change to atoms.c that must not change any atom is checked by running
 * it on the same patterns before and after and comparing with cmp:
 *
 *   build/lurewatch rules patterns rules > patterns.txt
 *   build/atoms_dump < patterns.txt > after.txt
 *   git show OLD:host/src/atoms.c > old_atoms.c
 *   cc -Ihost/src -Ihost/include tests/unit/atoms_dump.c old_atoms.c \
 *      -lunistring -o old_dump && ./old_dump < patterns.txt > before.txt
 *   cmp before.txt after.txt
 *
 * Built with the tests and run by hand.
 */
#include "atoms.h"

#include <stdio.h>
#include <string.h>

/* Print a set of atoms as " a,b,c". */
static void print_set(const lw_atoms *set)
{
	for (size_t i = 0; i < set->n; i++) {
		putchar(i ? ',' : ' ');
		for (const char *p = set->v[i]; *p; p++) {
			unsigned char byte = (unsigned char)*p;
			if (byte < 0x21 || byte == ',' || byte == '\\')
				printf("\\x%02x", byte);
			else
				putchar(byte);
		}
	}
}

int main(void)
{
	static char line[1 << 20];
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		lw_atoms required, leading;
		int rc = lw_atoms_derive(&required, &leading, line);
		printf("rc=%d req=%zu", rc, required.n);
		print_set(&required);
		printf(" | lead=%zu", leading.n);
		print_set(&leading);
		putchar('\n');
		lw_atoms_clear(&required);
		lw_atoms_clear(&leading);
	}
	return 0;
}
