/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 example messages, fed in
 * pieces of every awkward size (the pack hash and the memory file's
 * checksum depend on it).
 */
#include "check.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

/* Hash text fed to the hasher in pieces of step bytes. */
static void hash_in_steps(const char *text, size_t len, size_t step,
			  char out[65])
{
	lw_sha256 ctx;
	lw_sha256_init(&ctx);
	for (size_t at = 0; at < len; at += step)
		lw_sha256_update(&ctx, text + at,
				 len - at < step ? len - at : step);
	lw_sha256_hex(&ctx, out);
}

/* Check the FIPS 180-4 examples with the code the processor allows (the
 * x86 SHA instructions if it has them) and with the portable code. */
static void check_vectors(void);

int main(void)
{
	check_vectors();
	lw_sha256_portable_only(1);
	check_vectors();
	return CHECK_DONE();
}

static void check_vectors(void)
{
	static const struct {
		const char *text;
		const char *digest;
	} vectors[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7"
		     "852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff"
			"61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db0"
		 "6c1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		 "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee"
		 "9d1"},
	};
	static const size_t steps[] = {1, 3, 55, 56, 63, 64, 65, 1000};
	char got[65];
	for (size_t v = 0; v < sizeof(vectors) / sizeof(vectors[0]); v++)
		for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
			hash_in_steps(vectors[v].text, strlen(vectors[v].text),
				      steps[s], got);
			CHECK_STR(got, vectors[v].digest);
		}

	/* One million 'a': many whole blocks straight from the input. */
	size_t million = 1000000;
	char *as = malloc(million);
	CHECK(as != NULL);
	if (as) {
		memset(as, 'a', million);
		for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
			hash_in_steps(as, million, steps[s] * 997, got);
			CHECK_STR(got, "cdc76e5c9914fb9281a1c7e284d73e67"
				       "f1809a48a497200e046d39ccc7112cd0");
		}
		free(as);
	}
}
