/* core/seal.c: MS-WSMV encrypted messages: the multipart/encrypted body around a GSS-API sealed envelope. */
#include "config.h"

#include "core/seal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ivm.h"

/* The wire format of pywinrm, WinRb and Windows itself: tab-indented part
 * headers, then LE32(header length) || header || ciphertext. */
#define BOUNDARY "Encrypted Boundary"
#define DASH_BOUNDARY "--" BOUNDARY "\r\n"
#define END_BOUNDARY "--" BOUNDARY "--\r\n"
#define ORIGINAL "type=application/soap+xml;charset=UTF-8;Length="
#define OCTETS "application/octet-stream"
#define WHAT "reading a sealed message"
#define NEXT_FORMAT "The other end does not speak MS-WSMV message encryption as Windows does; use the HTTPS listener instead."

static const char *const protocols[] = { IVM_SEAL_SPNEGO, IVM_SEAL_KERBEROS };

void
ivm_seal_content_type(struct ivm_buf *out, const char *protocol)
{
	ivm_buf_addf(out, "multipart/encrypted;protocol=\"%s\";boundary=\"" BOUNDARY "\"", protocol);
}

const char *
ivm_seal_protocol_of(const char *ct)
{
	if (ct == NULL || strncasecmp(ct, "multipart/encrypted", 19) != 0)
		return NULL;
	for (size_t i = 0; i < IVM_COUNT(protocols); i++) {
		char want[128];
		snprintf(want, sizeof(want), "protocol=\"%s\"", protocols[i]);
		if (strcasestr(ct, want))
			return protocols[i];
	}
	return NULL;
}

void
ivm_seal_frame(struct ivm_buf *body, const char *protocol, size_t original_len, const void *header, size_t hlen,
               const void *cipher, size_t clen)
{
	ivm_buf_clear(body);
	ivm_buf_addf(body, DASH_BOUNDARY "\tContent-Type: %s\r\n\tOriginalContent: " ORIGINAL "%zu\r\n"
	             DASH_BOUNDARY "\tContent-Type: " OCTETS "\r\n", protocol, original_len);
	unsigned char le[4] = { (unsigned char)hlen, (unsigned char)(hlen >> 8), (unsigned char)(hlen >> 16),
	                        (unsigned char)(hlen >> 24) };
	ivm_buf_add(body, le, sizeof(le));
	ivm_buf_add(body, header, hlen);
	ivm_buf_add(body, cipher, clen);
	ivm_buf_adds(body, END_BOUNDARY);
}

/* One "\tName: value\r\n" line at *p (before end): the value, trimmed. */
static bool
part_header(const char **p, const char *end, const char *name, const char **val, size_t *vlen)
{
	const char *s = *p;
	while (s < end && (*s == '\t' || *s == ' '))
		s++;
	size_t n = strlen(name);
	const char *eol = memchr(s, '\n', (size_t)(end - s));
	if (eol == NULL || (size_t)(eol - s) < n + 1 || strncasecmp(s, name, n) != 0 || s[n] != ':')
		return false;
	s += n + 1;
	while (s < eol && (*s == ' ' || *s == '\t'))
		s++;
	const char *e = eol;
	while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*val = s;
	*vlen = (size_t)(e - s);
	*p = eol + 1;
	return true;
}

static bool
starts(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

int
ivm_seal_parse(const void *body, size_t len, struct ivm_seal_parts *out, struct ivm_err *err)
{
	const char *p = body, *end = p + len;
	const char *v;
	size_t vlen;
	memset(out, 0, sizeof(*out));
	if (!starts(&p, end, DASH_BOUNDARY) || !part_header(&p, end, "Content-Type", &v, &vlen))
		goto bad;
	for (size_t i = 0; i < IVM_COUNT(protocols); i++)
		if (strlen(protocols[i]) == vlen && strncasecmp(v, protocols[i], vlen) == 0)
			out->protocol = protocols[i];
	if (out->protocol == NULL)
		goto bad;
	if (!part_header(&p, end, "OriginalContent", &v, &vlen))
		goto bad;
	const char *l = memmem(v, vlen, "Length=", 7);
	if (l == NULL)
		goto bad;
	size_t n = 0, digits = 0;
	for (l += 7; l < v + vlen && *l >= '0' && *l <= '9' && digits < 10; l++, digits++)
		n = n * 10 + (size_t)(*l - '0');
	if (digits == 0 || digits == 10)
		goto bad;
	out->original_len = n;
	if (!starts(&p, end, DASH_BOUNDARY) || !part_header(&p, end, "Content-Type", &v, &vlen) ||
	    vlen != strlen(OCTETS) || strncasecmp(v, OCTETS, vlen) != 0)
		goto bad;
	size_t tail = strlen(END_BOUNDARY);
	if ((size_t)(end - p) < 4 + tail || memcmp(end - tail, END_BOUNDARY, tail) != 0)
		goto bad;
	const unsigned char *u = (const unsigned char *)p;
	uint32_t hlen = (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
	size_t room = (size_t)(end - p) - 4 - tail;
	if (hlen == 0 || hlen > room)
		goto bad;
	out->header = u + 4;
	out->header_len = hlen;
	out->cipher = u + 4 + hlen;
	out->cipher_len = room - hlen;
	return 0;
bad:
	ivm_err_set(err, IVM_E_MALFORMED, WHAT, NEXT_FORMAT,
	            "the body is not a multipart/encrypted message with one sealed part (byte %zu)",
	            (size_t)(p - (const char *)body));
	return -1;
}

int
ivm_seal_wrap(struct ivm_gss *g, const char *protocol, const void *plain, size_t len, struct ivm_buf *body,
              struct ivm_err *err)
{
	struct ivm_buf hdr = IVM_BUF_INIT, cipher = IVM_BUF_INIT;
	int rc = ivm_gss_seal(g, plain, len, &hdr, &cipher, err);
	if (rc == 0)
		ivm_seal_frame(body, protocol, len, hdr.data, hdr.len, cipher.data, cipher.len);
	ivm_buf_release(&hdr);
	ivm_buf_release(&cipher);
	return rc;
}

int
ivm_seal_unwrap(struct ivm_gss *g, const void *body, size_t len, struct ivm_buf *plain, struct ivm_err *err)
{
	struct ivm_seal_parts sp;
	ivm_buf_clear(plain);
	if (ivm_seal_parse(body, len, &sp, err) < 0)
		return -1;
	if (ivm_gss_unseal(g, sp.header, sp.header_len, sp.cipher, sp.cipher_len, plain, err) < 0)
		return -1;
	if (plain->len != sp.original_len) {
		ivm_err_set(err, IVM_E_PROTOCOL, WHAT,
		            "Do not trust this connection; run it again, and if it recurs check the network path.",
		            "the message decrypts to %zu bytes but announces %zu: it was altered", plain->len,
		            sp.original_len);
		ivm_buf_wipe(plain);
		return -1;
	}
	return 0;
}
