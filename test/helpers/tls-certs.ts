/**
 * Certificates made at test time with the openssl CLI in a temp folder (no key is ever
 * committed): a CA, server certificates for 127.0.0.1 signed by it (good, expired, for another
 * host name), a self-signed one, and a client certificate. `undefined` (with the reason) when
 * openssl is missing, so a test can be skipped (test.needs) with that reason.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { tempDir } from './temp-dir.ts'

export interface Pem {
  cert: string
  key: string
  certFile: string
  keyFile: string
}

export interface TestCerts {
  dir: string
  ca: Pem
  server: Pem
  expired: Pem
  otherHost: Pem
  selfSigned: Pem
  client: Pem
  remove(): void
}

export function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return undefined
  } catch {
    return 'the openssl command is not installed'
  }
}

export function makeCerts(): TestCerts {
  const dir = tempDir('edgeload-tls-')
  const f = dir.file
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir.path, stdio: ['ignore', 'ignore', 'pipe'] })
  const pem = (name: string): Pem => ({ cert: readFileSync(f(`${name}.pem`), 'utf8'), key: readFileSync(f(`${name}.key`), 'utf8'), certFile: f(`${name}.pem`), keyFile: f(`${name}.key`) })
  const key = (name: string) => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`])

  key('ca')
  run(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=edgeload test CA', '-days', '2', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  // `openssl ca` is the one command of OpenSSL 3.0 that takes start and end dates (the expired certificate).
  writeFileSync(f('index.txt'), '')
  writeFileSync(f('serial'), '1000\n')
  writeFileSync(f('ca.cnf'), [
    '[ca]', 'default_ca = test', '[test]', `dir = ${dir.path}`, 'database = $dir/index.txt', 'serial = $dir/serial',
    'new_certs_dir = $dir', 'certificate = $dir/ca.pem', 'private_key = $dir/ca.key', 'default_md = sha256',
    'policy = any', 'unique_subject = no', 'copy_extensions = copy', '[any]', 'commonName = supplied', '',
  ].join('\n'))
  const signed = (name: string, subject: string, san: string, usage: string, dates: string[] = ['-days', '2']) => {
    key(name)
    run(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${subject}`, '-out', `${name}.csr`,
      '-addext', `subjectAltName=${san}`, '-addext', `extendedKeyUsage=${usage}`])
    run(['ca', '-batch', '-config', 'ca.cnf', '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', ...dates])
  }
  signed('server', '127.0.0.1', 'IP:127.0.0.1', 'serverAuth')
  signed('expired', '127.0.0.1', 'IP:127.0.0.1', 'serverAuth', ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z'])
  signed('other-host', 'other.example', 'DNS:other.example', 'serverAuth')
  signed('client', 'edgeload client', 'DNS:client.example', 'clientAuth')
  key('self-signed')
  run(['req', '-x509', '-new', '-key', 'self-signed.key', '-subj', '/CN=127.0.0.1', '-days', '2', '-out', 'self-signed.pem',
    '-addext', 'subjectAltName=IP:127.0.0.1'])
  return {
    dir: dir.path, ca: pem('ca'), server: pem('server'), expired: pem('expired'), otherHost: pem('other-host'),
    selfSigned: pem('self-signed'), client: pem('client'), remove: dir.remove,
  }
}
