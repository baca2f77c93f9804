/**
 * HPACK (RFC 7541) against the RFC's own examples: Appendix C's integers, field representations,
 * the request lists with and without Huffman coding (decoded and encoded byte for byte, the
 * dynamic table after each), the response lists with a 256-octet table and its evictions; then
 * what a hostile server could send: every malformed block is an HpackError, never a crash.
 */
import * as assert from 'uvu/assert'
import { HpackDecoder, HpackError } from '../src/load/http/hpack-decoder.ts'
import { HpackEncoder } from '../src/load/http/hpack-encoder.ts'
import { huffmanDecode, huffmanEncode, huffmanLength } from '../src/load/http/hpack-huffman.ts'
import { suite } from './helpers/suite.ts'

const test = suite('hpack', { deadline: 30 })

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex')

function decodeAll(decoder: HpackDecoder, block: Buffer): string[][] {
  const fields: string[][] = []
  decoder.decode(block, 0, block.length, { header: (name, value) => fields.push([name, value]) })
  return fields
}

function tableOf(decoder: HpackDecoder | HpackEncoder): string[] {
  const rows: string[] = []
  for (let i = 1; i <= decoder.table.length; i++) rows.push(`${decoder.table.name(i)}: ${decoder.table.value(i)}`)
  return rows
}

test('C.1: integers with 5-bit prefixes and on an octet boundary', () => {
  // 10 and 1337 as literal-name lengths are awkward; read them as indices of a size update instead.
  const decoder = new HpackDecoder(4096)
  decodeAll(decoder, hex('2a')) // 0x20 | 10: a size update to 10
  assert.is(decoder.table.maxSize, 10)
  decodeAll(decoder, hex('3f 9a 0a')) // C.1.2: 31, then 1306 in two octets: 1337
  assert.is(decoder.table.maxSize, 1337)
  const encoder = new HpackEncoder({ indexing: false, huffman: false })
  // A string of 42 octets: its length in the 7-bit prefix after H=0, one octet 0x2a (as C.1.3's 42).
  const block = encoder.encode(['x', 'v'.repeat(42)])
  assert.is(block[3], 0x2a)
})

test('C.2: literal with indexing, without indexing, never indexed, indexed', () => {
  const decoder = new HpackDecoder()
  assert.equal(decodeAll(decoder, hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572')), [['custom-key', 'custom-header']])
  assert.equal(tableOf(decoder), ['custom-key: custom-header'])
  assert.is(decoder.table.size, 55)
  const plain = new HpackDecoder()
  assert.equal(decodeAll(plain, hex('040c 2f73 616d 706c 652f 7061 7468')), [[':path', '/sample/path']])
  assert.equal(decodeAll(plain, hex('1008 7061 7373 776f 7264 0673 6563 7265 74')), [['password', 'secret']])
  assert.equal(decodeAll(plain, hex('82')), [[':method', 'GET']])
  assert.is(plain.table.length, 0)
})

const REQUESTS = [
  [':method', 'GET', ':scheme', 'http', ':path', '/', ':authority', 'www.example.com'],
  [':method', 'GET', ':scheme', 'http', ':path', '/', ':authority', 'www.example.com', 'cache-control', 'no-cache'],
  [':method', 'GET', ':scheme', 'https', ':path', '/index.html', ':authority', 'www.example.com', 'custom-key', 'custom-value'],
]
const REQUEST_TABLES = [
  [':authority: www.example.com'],
  ['cache-control: no-cache', ':authority: www.example.com'],
  ['custom-key: custom-value', 'cache-control: no-cache', ':authority: www.example.com'],
]

function pairs(flat: string[]): string[][] {
  const out: string[][] = []
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!])
  return out
}

for (const [section, huffman, blocks] of [
  ['C.3', false, ['8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d', '8286 84be 5808 6e6f 2d63 6163 6865', '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65']],
  ['C.4', true, ['8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff', '8286 84be 5886 a8eb 1064 9cbf', '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf']],
] as const) {
  test(`${section}: three requests on one connection, decoded and encoded byte for byte`, () => {
    const decoder = new HpackDecoder()
    const encoder = new HpackEncoder({ indexing: true, huffman })
    blocks.forEach((block, i) => {
      assert.equal(decodeAll(decoder, hex(block)), pairs(REQUESTS[i]!), `${section}.${i + 1} decoded`)
      assert.equal(tableOf(decoder), REQUEST_TABLES[i], `${section}.${i + 1} table`)
      assert.is(encoder.encode(REQUESTS[i]!).toString('hex'), hex(block).toString('hex'), `${section}.${i + 1} encoded`)
    })
    assert.is(decoder.table.size, 164)
  })
}

const RESPONSES = [
  [':status', '302', 'cache-control', 'private', 'date', 'Mon, 21 Oct 2013 20:13:21 GMT', 'location', 'https://www.example.com'],
  [':status', '307', 'cache-control', 'private', 'date', 'Mon, 21 Oct 2013 20:13:21 GMT', 'location', 'https://www.example.com'],
  [':status', '200', 'cache-control', 'private', 'date', 'Mon, 21 Oct 2013 20:13:22 GMT', 'location', 'https://www.example.com',
    'content-encoding', 'gzip', 'set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'],
]
const RESPONSE_TABLES = [
  ['location: https://www.example.com', 'date: Mon, 21 Oct 2013 20:13:21 GMT', 'cache-control: private', ':status: 302'],
  [':status: 307', 'location: https://www.example.com', 'date: Mon, 21 Oct 2013 20:13:21 GMT', 'cache-control: private'],
  ['set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1', 'content-encoding: gzip', 'date: Mon, 21 Oct 2013 20:13:22 GMT'],
]
const RESPONSE_SIZES = [222, 222, 215]

for (const [section, huffman, blocks] of [
  ['C.5', false, [
    '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    '4803 3330 37c1 c0bf',
    '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
  ]],
  ['C.6', true, [
    '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
    '4883 640e ffc1 c0bf',
    '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
  ]],
] as const) {
  test(`${section}: three responses with a 256-octet table, evictions included`, () => {
    const decoder = new HpackDecoder(4096)
    decoder.table.resize(256)
    const encoder = new HpackEncoder({ indexing: true, huffman })
    encoder.table.resize(256)
    blocks.forEach((block, i) => {
      assert.equal(decodeAll(decoder, hex(block)), pairs(RESPONSES[i]!), `${section}.${i + 1} decoded`)
      assert.equal(tableOf(decoder), RESPONSE_TABLES[i], `${section}.${i + 1} table`)
      assert.is(decoder.table.size, RESPONSE_SIZES[i])
      assert.is(encoder.encode(RESPONSES[i]!).toString('hex'), hex(block).toString('hex'), `${section}.${i + 1} encoded`)
    })
  })
}

test('Huffman: every octet round-trips; padding and EOS rules hold', () => {
  let all = ''
  for (let i = 0; i < 256; i++) all += String.fromCharCode(i)
  const out = Buffer.alloc(huffmanLength(all))
  const end = huffmanEncode(all, out, 0)
  assert.is(end, out.length)
  assert.is(huffmanDecode(out, 0, end), all)
  // 'a' is 00011 (5 bits): three 1 bits of padding are fine, three 0 bits are not.
  assert.is(huffmanDecode(hex('1f'), 0, 1), 'a')
  assert.throws(() => huffmanDecode(hex('18'), 0, 1), /padding/)
  // Eight bits of 1s after a whole code: padding longer than 7 bits.
  assert.throws(() => huffmanDecode(hex('1f ff'), 0, 2), /padding|EOS/)
  // EOS itself (30 1 bits) inside a string.
  assert.throws(() => huffmanDecode(hex('ff ff ff fc'), 0, 4), /EOS/)
})

test('malformed blocks are HpackErrors, never a crash', () => {
  const cases: [string, string][] = [
    ['80', 'index 0'],
    ['be', 'beyond the tables'], // index 62 with an empty dynamic table
    ['ff ff ff ff ff ff 0f', 'over 2\\^31'],
    ['ff 80', 'cut off'],
    ['40 0a 63 75', 'cut off|octets'], // a name of 10 octets with 2 there
    ['04', 'cut off'], // a literal with no value
    ['3f e1 ff 03', 'above'], // size update to 65536 over 4096
    ['82 20', 'after a header field'],
    ['04 81 ff', 'EOS|padding'],
  ]
  for (const [block, message] of cases) {
    const decoder = new HpackDecoder()
    try {
      decodeAll(decoder, hex(block))
      assert.unreachable(`${block} decoded`)
    } catch (error) {
      assert.instance(error, HpackError, block)
      assert.match((error as Error).message, new RegExp(message), block)
    }
  }
})

test('the runner encodes without indexing: the same fields give the same bytes, the table stays empty', () => {
  const encoder = new HpackEncoder({ indexing: false, huffman: false })
  const fields = [':method', 'GET', ':scheme', 'https', ':path', '/steps', ':authority', '127.0.0.1:8443', 'accept-encoding', 'gzip, deflate, br']
  const first = encoder.encode(fields)
  assert.is(encoder.encode(fields).toString('hex'), first.toString('hex'))
  assert.is(encoder.table.length, 0)
  assert.equal(decodeAll(new HpackDecoder(), first), pairs(fields))
})

test.run()
