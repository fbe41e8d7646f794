// Interoperability vectors for Kerys' encrypted media, made by an implementation independent of Kerys: WebCrypto
// (crypto.subtle) in Node.js, used exactly as RUDI's browser console encrypts a file (rudi-crypto.js,
// encryptRsaOaepAesGcm): a fresh AES-256-GCM key and 12-byte IV; the file encrypted with them (128-bit tag
// appended, no associated data); the raw AES key followed by the IV encrypted with the RSA-OAEP public key
// (SHA-256, which WebCrypto also uses for MGF1); the file = that first block, then the AES-GCM ciphertext.
//
// Regenerate (from the repository root; node >= 20, no npm package):
//   node src/test/resources/crypto/make-vectors.mjs
// Encrypt files for given public keys instead (e.g. one from GET /api/v1/encryption-key?media-id=…):
//   node src/test/resources/crypto/make-vectors.mjs --public-key=key.pem --in=data.csv --out=data.csv.crypt
import { webcrypto as crypto, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const subtle = crypto.subtle;
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'vectors');

function pem(label, der) {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function unpem(text) {
  return Buffer.from(text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

// As RUDI's encryptRsaOaepAesGcm, with a Uint8Array in place of a browser File.
async function encryptRsaOaepAesGcm(plain, publicKey) {
  const aesKey = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const body = await subtle.encrypt({ name: 'AES-GCM', iv }, aesKey, plain);
  const raw = new Uint8Array(await subtle.exportKey('raw', aesKey));
  const keyAndIv = new Uint8Array(raw.length + iv.length);
  keyAndIv.set(raw, 0);
  keyAndIv.set(iv, raw.length);
  const first = await subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, keyAndIv);
  return Buffer.concat([Buffer.from(first), Buffer.from(body)]);
}

async function importPublic(spki) {
  return subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// Plaintexts: around the 16-byte block and the readers' 256 KiB buffer, text and binary. Deterministic content,
// so that only the keys, AES keys and IVs (random, as in RUDI) change from one generation to the next.
function samples() {
  const pattern = (n, seed) => {
    const bytes = new Uint8Array(n);
    let x = seed;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = x >>> 16;
    }
    return bytes;
  };
  const csv = ['date;ligne;validations'];
  for (let i = 0; i < 400; i++) {
    csv.push(`2024-01-${String(1 + (i % 28)).padStart(2, '0')};C${i % 7};${(i * 37) % 1000}`);
  }
  return {
    empty: new Uint8Array(0),
    'one-byte': Uint8Array.of(0x4b),
    'fifteen-bytes': pattern(15, 1),
    'sixteen-bytes': pattern(16, 2),
    'seventeen-bytes': pattern(17, 3),
    'validations-csv': new TextEncoder().encode(csv.join('\n') + '\n'),
    'binary-300k': pattern(300_000, 4),
  };
}

async function main() {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
  if (args['public-key']) {
    const key = await importPublic(unpem(readFileSync(args['public-key'], 'utf8')));
    writeFileSync(args.out, await encryptRsaOaepAesGcm(readFileSync(args.in), key));
    return;
  }
  mkdirSync(out, { recursive: true });
  const vectors = [];
  // RUDI's key size, and a larger one: the first block is as long as the modulus, whatever it is.
  for (const [name, bits] of [['rsa2048', 2048], ['rsa3072', 3072]]) {
    const pair = await subtle.generateKey({ name: 'RSA-OAEP', modulusLength: bits,
      publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
    const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
    const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
    writeFileSync(join(out, `${name}.spki.pem`), pem('PUBLIC KEY', spki));
    writeFileSync(join(out, `${name}.pkcs8.pem`), pem('PRIVATE KEY', pkcs8));
    // Encrypt for the public key as a producer would get it: imported back from its PEM.
    const publicKey = await importPublic(unpem(pem('PUBLIC KEY', spki)));
    for (const [sample, plain] of Object.entries(samples())) {
      if (name !== 'rsa2048' && sample !== 'validations-csv') {
        continue;
      }
      const crypt = await encryptRsaOaepAesGcm(plain, publicKey);
      const id = `${name}-${sample}`;
      writeFileSync(join(out, `${id}.plain`), plain);
      writeFileSync(join(out, `${id}.crypt`), crypt);
      vectors.push({ id, key: name, plain: `${id}.plain`, crypt: `${id}.crypt`, plain_size: plain.length,
        crypt_size: crypt.length, plain_sha256: sha256(plain), crypt_sha256: sha256(crypt) });
    }
  }
  writeFileSync(join(out, 'vectors.json'), JSON.stringify({
    generator: `node ${process.version} WebCrypto (crypto.subtle), as RUDI's encryptRsaOaepAesGcm`,
    layout: 'RSA-OAEP(SHA-256, MGF1-SHA-256)(aes_key[32] || iv[12]) || AES-256-GCM(plain) || tag[16]',
    vectors }, null, 2) + '\n');
  console.log(`${vectors.length} vectors written to ${out}`);
}

await main();
