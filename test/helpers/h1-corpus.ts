/**
 * Response byte streams for the HTTP/1.1 differential test (test/h1-differential.test.ts): each
 * is fed to the load client's parser and to Node's llhttp, which must agree on accept or reject,
 * the status and the body. Well-formed and malformed framing, as a server (or something between
 * it and the client) may send it. The server closes the connection after the bytes in every
 * case, so a body that runs until the close completes and an unfinished one does not.
 */

export interface H1Case {
  name: string
  /** The bytes the server writes, latin1. */
  wire: string
  /** The request is a HEAD: no body whatever the head says. */
  head?: boolean
}

const OK_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n'

function chunked(body: string): string {
  return `${OK_HEAD}Transfer-Encoding: chunked\r\n\r\n${body}`
}

function withLength(body: string, extra = ''): string {
  return `${OK_HEAD}${extra}Content-Length: ${body.length}\r\n\r\n${body}`
}

/** A body that crosses several reads (64 KiB is the client's read buffer). */
const BIG = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(4000)

const cases: H1Case[] = [
  // Content-Length
  { name: 'content-length', wire: withLength('Got it!') },
  { name: 'content-length 0', wire: withLength('') },
  { name: 'content-length, large body', wire: withLength(BIG) },
  { name: 'content-length with spaces around the value', wire: `${OK_HEAD}Content-Length:   7  \r\n\r\nGot it!` },
  { name: 'content-length with a tab before the value', wire: `${OK_HEAD}Content-Length:\t7\r\n\r\nGot it!` },
  { name: 'content-length, name in odd case', wire: `${OK_HEAD}cOnTeNt-LeNgTh: 7\r\n\r\nGot it!` },
  { name: 'content-length, body shorter than declared', wire: `${OK_HEAD}Content-Length: 10\r\n\r\nshort` },
  { name: 'content-length, bytes after the body', wire: `${withLength('ok')}junk` },
  { name: 'content-length, a second response after the body', wire: `${withLength('ok')}${withLength('no')}` },
  { name: 'content-length twice, same value', wire: `${OK_HEAD}Content-Length: 2\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'content-length twice, different values', wire: `${OK_HEAD}Content-Length: 2\r\nContent-Length: 3\r\n\r\nok!` },
  { name: 'content-length as a list', wire: `${OK_HEAD}Content-Length: 2, 2\r\n\r\nok` },
  { name: 'content-length negative', wire: `${OK_HEAD}Content-Length: -1\r\n\r\nok` },
  { name: 'content-length with a plus sign', wire: `${OK_HEAD}Content-Length: +2\r\n\r\nok` },
  { name: 'content-length in hex', wire: `${OK_HEAD}Content-Length: 0x2\r\n\r\nok` },
  { name: 'content-length with a space inside', wire: `${OK_HEAD}Content-Length: 1 2\r\n\r\nok` },
  { name: 'content-length empty', wire: `${OK_HEAD}Content-Length: \r\n\r\nok` },
  { name: 'content-length too large for 64 bits', wire: `${OK_HEAD}Content-Length: 99999999999999999999999\r\n\r\nok` },
  { name: 'content-length beyond what arrives (large)', wire: `${OK_HEAD}Content-Length: 123456789012\r\n\r\nok` },
  { name: 'content-length and transfer-encoding chunked', wire: `${OK_HEAD}Content-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n` },
  { name: 'transfer-encoding chunked and content-length', wire: `${OK_HEAD}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n4\r\nWiki\r\n0\r\n\r\n` },
  { name: 'content-length and transfer-encoding identity', wire: `${OK_HEAD}Content-Length: 2\r\nTransfer-Encoding: identity\r\n\r\nok` },

  // Chunked
  { name: 'chunked', wire: chunked('4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n') },
  { name: 'chunked, one chunk per byte', wire: chunked([...'chunks'].map((c) => `1\r\n${c}\r\n`).join('') + '0\r\n\r\n') },
  { name: 'chunked, large chunks', wire: chunked(`${BIG.length.toString(16)}\r\n${BIG}\r\n10\r\n${'x'.repeat(16)}\r\n0\r\n\r\n`) },
  { name: 'chunked, sizes in upper case hex with leading zeros', wire: chunked(`000A\r\n${'y'.repeat(10)}\r\n0000\r\n\r\n`) },
  { name: 'chunked with extensions', wire: chunked('4;name=value\r\nWiki\r\n5;a;b=c\r\npedia\r\n0;last\r\n\r\n') },
  { name: 'chunked with a quoted extension', wire: chunked('4;name="a;b"\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked with trailers', wire: chunked('4\r\nWiki\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n') },
  { name: 'chunked, empty body', wire: chunked('0\r\n\r\n') },
  { name: 'chunked, transfer-encoding list ending in chunked', wire: `${OK_HEAD}Transfer-Encoding: gzip, chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n` },
  { name: 'chunked, name and value in odd case', wire: `${OK_HEAD}transfer-ENCODING: Chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n` },
  { name: 'transfer-encoding not ending in chunked: body until close', wire: `${OK_HEAD}Transfer-Encoding: chunked, gzip\r\n\r\nuntil close` },
  { name: 'transfer-encoding identity: body until close', wire: `${OK_HEAD}Transfer-Encoding: identity\r\n\r\nuntil close` },
  { name: 'chunked, missing the last chunk', wire: chunked('4\r\nWiki\r\n') },
  { name: 'chunked, missing the final CRLF', wire: chunked('4\r\nWiki\r\n0\r\n') },
  { name: 'chunked, invalid size', wire: chunked('zz\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, negative size', wire: chunked('-4\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, empty size line', wire: chunked('\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, size too large for 64 bits', wire: chunked('fffffffffffffffffff\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, huge size that never arrives', wire: chunked('ffffffffff\r\nWiki\r\n') },
  { name: 'chunked, data longer than its size', wire: chunked('4\r\nWikipedia\r\n0\r\n\r\n') },
  { name: 'chunked, space after the size', wire: chunked('4 \r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, space before the size', wire: chunked(' 4\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, bare LF after the size', wire: chunked('4\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, bare LF after the data', wire: chunked('4\r\nWiki\n0\r\n\r\n') },
  { name: 'chunked, bare LF at the end', wire: chunked('4\r\nWiki\r\n0\r\n\n') },
  { name: 'chunked, trailer without a colon', wire: chunked('4\r\nWiki\r\n0\r\nnot a trailer\r\n\r\n') },
  { name: 'chunked, space before an extension', wire: chunked('4 ;a=b\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, spaces around an extension', wire: chunked('4; a = b\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, extension with an empty name', wire: chunked('4;\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, extension value with a space', wire: chunked('4;a=b c\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, extension with a control character', wire: chunked('4;a=\x01\r\nWiki\r\n0\r\n\r\n') },
  { name: 'chunked, extension of 20 KiB', wire: chunked(`4;a=${'e'.repeat(20 * 1024)}\r\nWiki\r\n0\r\n\r\n`) },
  { name: 'chunked, size of 16 hex digits', wire: chunked('7fffffffffffffff\r\nWiki\r\n') },
  { name: 'chunked, size of 17 hex digits', wire: chunked('10000000000000000\r\nWiki\r\n') },
  { name: 'chunked, size with 20 leading zeros', wire: chunked(`${'0'.repeat(20)}4\r\nWiki\r\n0\r\n\r\n`) },
  { name: 'chunked, size of 13 hex digits', wire: chunked('1000000000000\r\nWiki\r\n') },
  { name: 'chunked, trailer with obs-fold', wire: chunked('4\r\nWiki\r\n0\r\nX-T: a\r\n b\r\n\r\n') },
  { name: 'chunked, trailer ending in bare LF', wire: chunked('4\r\nWiki\r\n0\r\nX-T: a\n\r\n') },
  { name: 'chunked, trailer of 20 KiB', wire: chunked(`4\r\nWiki\r\n0\r\nX-T: ${'t'.repeat(20 * 1024)}\r\n\r\n`) },
  { name: 'chunked, NUL in a trailer value', wire: chunked('4\r\nWiki\r\n0\r\nX-T: a\0b\r\n\r\n') },
  { name: 'transfer-encoding empty', wire: `${OK_HEAD}Transfer-Encoding: \r\n\r\nuntil close` },
  { name: 'transfer-encoding chunked listed twice in one value', wire: `${OK_HEAD}Transfer-Encoding: chunked, chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n` },
  { name: 'transfer-encoding with chunked inside a word', wire: `${OK_HEAD}Transfer-Encoding: notchunked\r\n\r\nuntil close` },
  { name: '304 with content-length and transfer-encoding', wire: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n' },
  { name: 'HEAD with content-length and transfer-encoding', wire: `${OK_HEAD}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n`, head: true },
  { name: 'content-length with leading zeros', wire: `${OK_HEAD}Content-Length: 0002\r\n\r\nok` },
  { name: 'chunked twice in transfer-encoding headers', wire: `${OK_HEAD}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n` },
  { name: 'chunked on an HTTP/1.0 response', wire: 'HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\n' },

  // 1xx before the answer
  { name: '100 Continue before the answer', wire: `HTTP/1.1 100 Continue\r\n\r\n${withLength('ok')}` },
  { name: '103 Early Hints before the answer', wire: `HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n${withLength('ok')}` },
  { name: 'two 1xx before the answer', wire: `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${chunked('2\r\nok\r\n0\r\n\r\n')}` },
  { name: '1xx only, then the close', wire: 'HTTP/1.1 100 Continue\r\n\r\n' },

  // No body by status or method
  { name: '204 without a length', wire: 'HTTP/1.1 204 No Content\r\n\r\n' },
  { name: '204 with content-length 0', wire: 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n' },
  { name: '304 with a content-length', wire: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n' },
  { name: '304 without a length', wire: 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n' },
  { name: '204 with transfer-encoding chunked', wire: 'HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n' },
  { name: 'HEAD with a content-length', wire: `${OK_HEAD}Content-Length: 1000\r\n\r\n`, head: true },
  { name: 'HEAD with transfer-encoding chunked', wire: `${OK_HEAD}Transfer-Encoding: chunked\r\n\r\n`, head: true },
  { name: 'HEAD without a length', wire: `${OK_HEAD}\r\n`, head: true },
  { name: 'HEAD with content-length 0', wire: `${OK_HEAD}Content-Length: 0\r\n\r\n`, head: true },

  // Body until the close
  { name: 'no length: body until close', wire: `${OK_HEAD}\r\nall of it` },
  { name: 'no length, empty body', wire: `${OK_HEAD}\r\n` },
  { name: 'HTTP/1.0 without a length', wire: 'HTTP/1.0 200 OK\r\n\r\nall of it' },
  { name: 'no length, large body', wire: `${OK_HEAD}\r\n${BIG}` },

  // Line endings and header syntax
  { name: 'bare LF line endings', wire: 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok' },
  { name: 'bare LF after the status line', wire: 'HTTP/1.1 200 OK\nContent-Length: 2\r\n\r\nok' },
  { name: 'bare LF after a header', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nok' },
  { name: 'bare LF ends the head', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\nok' },
  { name: 'bare CR in a header value', wire: `${OK_HEAD}X-A: a\rb\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'obs-fold continuation line', wire: `${OK_HEAD}X-Folded: a\r\n  b\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'whitespace before the first header', wire: `HTTP/1.1 200 OK\r\n X-A: a\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'space before the colon', wire: `${OK_HEAD}Content-Length : 2\r\n\r\nok` },
  { name: 'header line without a colon', wire: `${OK_HEAD}no colon here\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'empty header name', wire: `${OK_HEAD}: empty\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'invalid character in a header name', wire: `${OK_HEAD}X(Y): 1\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'NUL in a header value', wire: `${OK_HEAD}X-A: a\0b\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'control character in a header value', wire: `${OK_HEAD}X-A: a\x01b\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'tab and latin1 in a header value', wire: `${OK_HEAD}X-A: a\tb \xe9\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'empty header value', wire: `${OK_HEAD}X-Empty:\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'head of 15 KiB', wire: withLength('ok', `X-Big: ${'b'.repeat(15 * 1024)}\r\n`) },
  { name: 'head of 20 KiB', wire: withLength('ok', `X-Big: ${'b'.repeat(20 * 1024)}\r\n`) },
  // Node counts only the reason, names and values against 16 KiB; the wire bytes are a few more.
  { name: 'head of 16,380 bytes', wire: `HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(16337)}\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'head of 16,404 bytes, 16,383 of them names and values', wire: `HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(16361)}\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'head of 16,384 bytes of names and values', wire: `HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(16362)}\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'head of 20 KiB in many headers', wire: withLength('ok', Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'v'.repeat(40)}\r\n`).join('')) },
  { name: 'unfinished head, then the close', wire: `${OK_HEAD}Content-Length: 2\r\n` },
  { name: 'nothing, then the close', wire: '' },

  // Status lines
  { name: 'status line without a reason', wire: 'HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status line with an empty reason', wire: 'HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status line with a long reason', wire: 'HTTP/1.1 299 Whatever You Like Here\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status 599', wire: 'HTTP/1.1 599 Custom\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status 600', wire: 'HTTP/1.1 600 Beyond\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status 099', wire: 'HTTP/1.1 099 Low\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status of two digits', wire: 'HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status of four digits', wire: 'HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status not a number', wire: 'HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'two spaces before the status', wire: 'HTTP/1.1  200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'HTTP/1.0 status line', wire: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'HTTP/1.2 status line', wire: 'HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'HTTP/2.0 status line', wire: 'HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'HTTP/0.9 status line', wire: 'HTTP/0.9 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status 000', wire: 'HTTP/1.1 000 Zero\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'status 999', wire: 'HTTP/1.1 999 Top\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'tab after the status', wire: 'HTTP/1.1 200\tOK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'control character in the reason', wire: 'HTTP/1.1 200 O\x01K\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'latin1 in the reason', wire: 'HTTP/1.1 200 \xc7a va\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'DEL in a header value', wire: `${OK_HEAD}X-A: a\x7fb\r\nContent-Length: 2\r\n\r\nok` },
  { name: 'leading LF before the status line', wire: `\n${withLength('ok')}` },
  { name: 'two leading CRLFs before the status line', wire: `\r\n\r\n${withLength('ok')}` },
  { name: '101 Switching Protocols without an upgrade', wire: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n' },
  { name: '100 Continue with a content-length', wire: `HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\n${withLength('ok')}` },
  { name: 'HTTP/2 status line', wire: 'HTTP/2 200\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'lower-case protocol name', wire: 'http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: 'not HTTP at all', wire: 'HELLO THIS IS NOT HTTP\r\n\r\n' },
  { name: 'leading CRLF before the status line', wire: `\r\n${withLength('ok')}` },
]

export const H1_CASES: readonly H1Case[] = cases
