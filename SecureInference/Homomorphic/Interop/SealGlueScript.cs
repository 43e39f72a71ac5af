namespace PiToolkit.SecureInference.Homomorphic.Interop;

/// <summary>
/// The JavaScript that sits between the C# wrappers and node-seal's embind API. It keeps every SEAL
/// object in a handle table (C# holds plain integers, so a finalizer never touches a V8 object),
/// turns SEAL's C++ exceptions (WebAssembly.Exception) into JS errors that carry SEAL's type and
/// message, moves bulk data through one shared scratch ArrayBuffer and Uint8Arrays (bulk copies, no
/// per-element marshaling), and serves <c>crypto.getRandomValues</c> from a pool that the host
/// refills from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.
/// </summary>
internal static class SealGlueScript
{
    /// <summary>Bytes of randomness fetched from the host per refill (SEAL asks for 4 bytes at a time).</summary>
    public const int RandomPoolBytes = 4096;

    /// <summary>Largest slot count supported (N = 32768); the scratch buffer holds that many 64-bit values.</summary>
    public const int MaxSlots = 32768;

    /// <summary>Runs once, after the module factory resolved into <c>globalThis.__pitkSeal</c>.</summary>
    public const string Source = """
        (() => {
        'use strict';
        const seal = globalThis.__pitkSeal;
        const H = [undefined];
        const freeIds = [];
        const put = (o) => { const id = freeIds.length > 0 ? freeIds.pop() : H.length; H[id] = o; return id; };
        const get = (id) => { const o = H[id]; if (o === undefined) throw new Error('PiToolkit: stale SEAL handle ' + id); return o; };
        const mode = (m) => m === 0 ? seal.ComprModeType.none : m === 1 ? seal.ComprModeType.zlib : seal.ComprModeType.zstd;
        const steps = (s) => Int32Array.from(s.length === 0 ? [] : s.split(',').map(Number));
        const scratch = new ArrayBuffer(__pitkMaxSlots * 8);
        const scratch64 = new BigUint64Array(scratch);

        // SEAL throws C++ exceptions; in this build they arrive as WebAssembly.Exception. Read the
        // type and what() once, release the C++ exception object, and rethrow a plain Error.
        const translate = (e) => {
          if (e instanceof WebAssembly.Exception) {
            let info = ['std::exception', 'unknown SEAL error'];
            try { info = seal.getExceptionMessage(e); } finally { seal.decrementExceptionRefcount(e); }
            const err = new Error(String(info[1]));
            err.name = 'SealError';
            err.sealType = String(info[0]);
            return err;
          }
          return e;
        };
        const guard = (fn) => (...args) => { try { return fn(...args); } catch (e) { throw translate(e); } };

        const loaders = {
          PublicKey: () => new seal.PublicKey(),
          SecretKey: () => new seal.SecretKey(),
          GaloisKeys: () => new seal.GaloisKeys(),
          Ciphertext: () => new seal.Ciphertext(),
          Plaintext: () => new seal.Plaintext(),
        };

        const api = {
          scratch,
          release: (id) => { const o = H[id]; if (o !== undefined) { H[id] = undefined; freeIds.push(id); o.delete(); } return 0; },
          liveCount: () => H.length - 1 - freeIds.length,
          randomServed: () => globalThis.crypto.pitkServed(),
          bytes: (n) => new Uint8Array(n),

          contextCreate: (n, plain) => {
            const parms = new seal.EncryptionParameters(seal.SchemeType.bfv);
            const coeff = seal.CoeffModulus.BFVDefault(n, seal.SecLevelType.tc128);
            const pm = new seal.Modulus(BigInt(plain));
            try {
              parms.setPolyModulusDegree(n);
              parms.setCoeffModulus(coeff);
              parms.setPlainModulus(pm);
              const ctx = new seal.SEALContext(parms, true, seal.SecLevelType.tc128);
              if (!ctx.parametersSet()) { ctx.delete(); throw new Error('SEAL rejected the encryption parameters (N=' + n + ', t=' + plain + ')'); }
              const first = ctx.firstContextData();
              const q = first.parms().coeffModulus();
              const primes = [];
              for (let i = 0; i < q.size(); i++) { const m = q.get(i); primes.push(m.value().toString()); m.delete(); }
              const quals = first.qualifiers();
              const batching = quals.usingBatching;
              quals.delete(); q.delete(); first.delete();
              if (!batching) { ctx.delete(); throw new Error('plain modulus ' + plain + ' does not support batching at N=' + n + ' (needs a prime = 1 mod 2N)'); }
              // The key level's extra prime P (BFVDefault's last) divides key-switching noise; the noise bound needs it.
              const sp = coeff.get(coeff.size() - 1);
              const special = sp.value().toString();
              sp.delete();
              return put(ctx) + '|' + primes.join(',') + '|' + special;
            } finally { pm.delete(); coeff.delete(); parms.delete(); }
          },

          keygenCreate: (ctx) => put(new seal.KeyGenerator(get(ctx))),
          keygenPublicKey: (kg) => put(get(kg).createPublicKey()),
          keygenSecretKey: (kg) => put(get(kg).secretKey()),
          keygenGaloisKeys: (kg, s) => put(s.length === 0 ? get(kg).createGaloisKeys() : get(kg).createGaloisKeysWithSteps(steps(s))),
          keygenPublicKeySaved: (kg, m) => { const o = get(kg).createPublicKeySerializable(); try { return o.saveToArray(mode(m)); } finally { o.delete(); } },
          keygenGaloisKeysSaved: (kg, s, m) => {
            const o = s.length === 0 ? get(kg).createGaloisKeysSerializable() : get(kg).createGaloisKeysSerializableWithSteps(steps(s));
            try { return o.saveToArray(mode(m)); } finally { o.delete(); }
          },
          galoisHasStep: (gk, galoisElt) => get(gk).hasKey(galoisElt),

          save: (id, m) => get(id).saveToArray(mode(m)),
          load: (kind, ctx, bytes) => {
            const o = loaders[kind]();
            try { o.loadFromArray(get(ctx), bytes); } catch (e) { o.delete(); throw e; }
            return put(o);
          },

          plaintextCreate: () => put(new seal.Plaintext()),
          ciphertextCreate: () => put(new seal.Ciphertext()),
          ciphertextSize: (ct) => get(ct).size(),
          copy: (id) => put(get(id).copy()),

          encoderCreate: (ctx) => put(new seal.BatchEncoder(get(ctx))),
          encode: (enc, pt, n) => { get(enc).encode(new BigUint64Array(scratch, 0, n), get(pt)); return 0; },
          decode: (enc, pt) => { scratch64.set(get(enc).decodeBigUint64(get(pt))); return 0; },

          encryptorCreate: (ctx, pk, sk) => put(sk === 0 ? new seal.Encryptor(get(ctx), get(pk)) : new seal.Encryptor(get(ctx), get(pk), get(sk))),
          encrypt: (e, pt, dst) => { get(e).encrypt(get(pt), get(dst)); return 0; },
          encryptZero: (e, dst) => { get(e).encryptZero(get(dst)); return 0; },
          encryptSymmetricSaved: (e, pt, m) => { const o = get(e).encryptSymmetricSerializable(get(pt)); try { return o.saveToArray(mode(m)); } finally { o.delete(); } },

          decryptorCreate: (ctx, sk) => put(new seal.Decryptor(get(ctx), get(sk))),
          decrypt: (d, ct, pt) => { get(d).decrypt(get(ct), get(pt)); return 0; },
          noiseBudget: (d, ct) => get(d).invariantNoiseBudget(get(ct)),

          evaluatorCreate: (ctx) => put(new seal.Evaluator(get(ctx))),
          // op: 0 add, 1 sub, 2 multiply, 3 addPlain, 4 subPlain, 5 multiplyPlain
          binary: (ev, op, a, b, dst) => {
            const e = get(ev), x = get(a), y = get(b), d = get(dst);
            switch (op) {
              case 0: e.add(x, y, d); break;
              case 1: e.sub(x, y, d); break;
              case 2: e.multiply(x, y, d); break;
              case 3: e.addPlain(x, y, d); break;
              case 4: e.subPlain(x, y, d); break;
              case 5: e.multiplyPlain(x, y, d); break;
              default: throw new Error('unknown evaluator op ' + op);
            }
            return 0;
          },
          negate: (ev, a, dst) => { get(ev).negate(get(a), get(dst)); return 0; },
          rotateRows: (ev, a, k, gk, dst) => { get(ev).rotateRows(get(a), k, get(gk), get(dst)); return 0; },
          rotateColumns: (ev, a, gk, dst) => { get(ev).rotateColumns(get(a), get(gk), get(dst)); return 0; },

          // Coefficient encoding (Cheetah): NTT-domain products and modulus switching. A ciphertext is
          // transformed once and multiplied by many NTT-form plaintexts (pointwise products), and the
          // response is switched down to k primes before it is sent.
          toNtt: (ev, ct) => { get(ev).cipherTransformToNttInplace(get(ct)); return 0; },
          fromNtt: (ev, ct) => { get(ev).cipherTransformFromNttInplace(get(ct)); return 0; },
          plainToNtt: (ev, ctx, pt) => { const id = get(ctx).firstParmsId(); try { get(ev).plainTransformToNttInplace(get(pt), id); } finally { id.delete(); } return 0; },
          modSwitchToPrimes: (ev, ct, k) => { const e = get(ev), c = get(ct); while (c.coeffModulusSize() > k) e.cipherModSwitchToNextInplace(c); return 0; },
          ciphertextPrimes: (ct) => get(ct).coeffModulusSize(),

          // Pure-JS loops over the same embind calls, for measuring the C# wrapper's overhead.
          loopMultiplyPlain: (ev, a, pt, dst, n) => { const e = get(ev), x = get(a), p = get(pt), d = get(dst); for (let i = 0; i < n; i++) e.multiplyPlain(x, p, d); return 0; },
          loopRotateRows: (ev, a, k, gk, dst, n) => { const e = get(ev), x = get(a), g = get(gk), d = get(dst); for (let i = 0; i < n; i++) e.rotateRows(x, k, g, d); return 0; },
          loopEncrypt: (en, pt, dst, n) => { const e = get(en), p = get(pt), d = get(dst); for (let i = 0; i < n; i++) e.encrypt(p, d); return 0; },
          loopDecrypt: (de, ct, pt, n) => { const e = get(de), c = get(ct), p = get(pt); for (let i = 0; i < n; i++) e.decrypt(c, p); return 0; },
        };
        for (const k of Object.keys(api)) if (typeof api[k] === 'function') api[k] = guard(api[k]);
        return api;
        })()
        """;

    /// <summary>
    /// Installs <c>crypto.getRandomValues</c> before the module loads. SEAL (through libc++'s
    /// <c>random_device</c> and Emscripten's <c>getentropy</c>) asks for 4 bytes per call, thousands
    /// of times per key generation, so bytes come from a pool that one host call refills
    /// (<c>__pitkFill</c>, backed by RandomNumberGenerator); served bytes are zeroed in the pool.
    /// </summary>
    public const string RandomShim = """
        (() => {
        'use strict';
        const pool = new Uint8Array(__pitkPoolBytes);
        let pos = pool.length;
        let served = 0;
        const fill = __pitkFill;
        globalThis.crypto = {
          pitkServed() { return served; },
          getRandomValues(view) {
            const out = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
            let off = 0;
            while (off < out.length) {
              if (pos === pool.length) { fill(pool); pos = 0; }
              const n = Math.min(pool.length - pos, out.length - off);
              out.set(pool.subarray(pos, pos + n), off);
              pool.fill(0, pos, pos + n);
              pos += n; off += n;
            }
            served += out.length;
            return view;
          },
        };
        })();
        """;
}
