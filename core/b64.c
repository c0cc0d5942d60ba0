/* core/b64.c: base64 (RFC 4648), the encoding of WinRS streams and of the contract. */
#include "config.h"

#include "core/b64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
ivm_b64_encode(struct ivm_buf *out, const void *p, size_t n)
{
	const unsigned char *s = p;
	char q[4];
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		q[0] = alphabet[v >> 18 & 63];
		q[1] = alphabet[v >> 12 & 63];
		q[2] = alphabet[v >> 6 & 63];
		q[3] = alphabet[v & 63];
		ivm_buf_add(out, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		q[0] = alphabet[v >> 18 & 63];
		q[1] = alphabet[v >> 12 & 63];
		q[2] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
		q[3] = '=';
		ivm_buf_add(out, q, 4);
	}
}

static int
value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool
ivm_b64_decode(struct ivm_buf *out, const char *s, size_t n)
{
	size_t start = out->len;
	unsigned acc = 0;
	int bits = 0, pad = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		int v = value(c);
		if (v < 0 || pad)
			goto bad;
		acc = (acc << 6 | (unsigned)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			ivm_buf_addc(out, (char)(acc >> bits & 0xff));
		}
	}
	/* Leftover bits must be zero padding of a 2- or 3-char final quantum. */
	if (bits >= 6 || pad > 2 || (acc & ((1u << bits) - 1)) != 0)
		goto bad;
	if (pad && (bits == 0 || (bits == 2 && pad != 1) || (bits == 4 && pad != 2)))
		goto bad;
	return true;
bad:
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return false;
}
