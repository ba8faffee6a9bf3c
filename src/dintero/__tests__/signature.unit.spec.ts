import { dinteroSignaturePayload, signDinteroPayload, verifyDinteroSignature } from ".."

// Dintero's published test vector (docs: "Validating callbacks").
const vector = {
  secret: "123",
  t: 1582236537,
  accountId: "P00000000",
  url: "https://example.com/callback?B=123&A=992",
  signature: "6bed2ab1b919d460ef7465a20dc6c97260dca73fab6647106ca525f0908df64a",
}

describe("Dintero-Signature", () => {
  it("builds the documented payload (sorted query, no port)", () => {
    expect(
      dinteroSignaturePayload({ timestamp: vector.t, accountId: vector.accountId, method: "get", url: vector.url })
    ).toBe("1582236537\nP00000000\nGET\nexample.com\n/callback\nA=992&B=123")
    expect(
      dinteroSignaturePayload({ timestamp: 1, accountId: "T1", method: "GET", url: "http://127.0.0.1:9000/cb?x=a b" })
    ).toBe("1\nT1\nGET\n127.0.0.1\n/cb\nx=a+b")
  })

  it("passes Dintero's published test vector", () => {
    const payload = dinteroSignaturePayload({ timestamp: vector.t, accountId: vector.accountId, method: "GET", url: vector.url })
    expect(signDinteroPayload(payload, vector.secret)).toBe(vector.signature)
    expect(
      verifyDinteroSignature({
        header: `t=${vector.t},v0-hmac-sha256=${vector.signature}`,
        secret: vector.secret,
        accountId: vector.accountId,
        method: "GET",
        url: vector.url,
        nowSeconds: vector.t + 10,
      })
    ).toEqual({ valid: true, timestamp: vector.t })
  })

  const check = (header: string | undefined, overrides: Partial<Parameters<typeof verifyDinteroSignature>[0]> = {}) =>
    verifyDinteroSignature({
      header,
      secret: vector.secret,
      accountId: vector.accountId,
      method: "GET",
      url: vector.url,
      nowSeconds: vector.t,
      ...overrides,
    })

  it("rejects a missing, malformed, stale or wrong signature", () => {
    const good = `t=${vector.t},v0-hmac-sha256=${vector.signature}`
    expect(check(undefined)).toEqual({ valid: false, reason: "missing" })
    expect(check("garbage")).toEqual({ valid: false, reason: "malformed" })
    expect(check(`t=abc,v0-hmac-sha256=${vector.signature}`)).toEqual({ valid: false, reason: "malformed" })
    expect(check(good, { nowSeconds: vector.t + 301 })).toEqual({ valid: false, reason: "stale" })
    expect(check(good, { nowSeconds: vector.t - 301 })).toEqual({ valid: false, reason: "stale" })
    expect(check(good, { nowSeconds: vector.t + 300 }).valid).toBe(true)
    expect(check(good, { secret: "124" })).toEqual({ valid: false, reason: "mismatch" })
    expect(check(good, { accountId: "T00000000" })).toEqual({ valid: false, reason: "mismatch" })
    expect(check(good, { method: "POST" })).toEqual({ valid: false, reason: "mismatch" })
    expect(check(good, { url: "https://example.com/callback?B=123&A=993" })).toEqual({ valid: false, reason: "mismatch" })
    expect(check(`t=${vector.t},v0-hmac-sha256=${vector.signature.slice(2)}`)).toEqual({ valid: false, reason: "mismatch" })
    expect(check(`t=${vector.t},v0-hmac-sha256=zz`)).toEqual({ valid: false, reason: "mismatch" })
  })

  it("accepts any of several signatures (secret rotation)", () => {
    expect(check(`t=${vector.t},v0-hmac-sha256=${"0".repeat(64)},v0-hmac-sha256=${vector.signature}`).valid).toBe(true)
  })
})
