import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"

export type FakeTls = { key: Buffer; cert: Buffer; certFile: string }

/**
 * A throw-away certificate for 127.0.0.1: the bench store runs in production, where the plugin calls Smaregi over
 * https only, so the fake Smaregi serves https and the store trusts this certificate (NODE_EXTRA_CA_CERTS).
 */
export function throwAwayCertificate(dir: string): FakeTls {
  fs.mkdirSync(dir, { recursive: true })
  const keyFile = path.join(dir, "fake-smaregi-key.pem")
  const certFile = path.join(dir, "fake-smaregi-cert.pem")
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
    { stdio: "ignore" }
  )
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), certFile }
}
