// The one buffer every socket of a thread reads into (`onread`, as net.connect and tls.connect
// take it): a read is handled, and what a transport keeps of it copied out, before the next read
// can land, so the HTTP/1.1 connections, the HTTP/2 sessions and the ALPN handshake share it.
export const READ_BUFFER = Buffer.allocUnsafe(64 * 1024)
