import { createHmac } from "node:crypto"
import { signatureHeader, signatureHex, signaturePayload } from "../signature"

describe("Dintero-Signature signer", () => {
  // Dintero's published example (docs "validating callbacks").
  const vector = {
    secret: "123",
    timestamp: 1582236537,
    accountId: "P00000000",
    method: "GET",
    url: "https://example.com/callback?B=123&A=992",
  }

  it("passes Dintero's published test vector", () => {
    expect(signatureHex(vector)).toBe("6bed2ab1b919d460ef7465a20dc6c97260dca73fab6647106ca525f0908df64a")
  })

  it("signs t, account, method, hostname, pathname and the query sorted by key, joined by newlines", () => {
    expect(signaturePayload(vector)).toBe("1582236537\nP00000000\nGET\nexample.com\n/callback\nA=992&B=123")
  })

  it("formats the header as t=<seconds>,v0-hmac-sha256=<hex>", () => {
    expect(signatureHeader(vector)).toBe(
      "t=1582236537,v0-hmac-sha256=6bed2ab1b919d460ef7465a20dc6c97260dca73fab6647106ca525f0908df64a",
    )
  })

  it("leaves the port out of the hostname and form-encodes the query (space as +)", () => {
    const payload = signaturePayload({ ...vector, method: "post", url: "http://localhost:9000/cb?z=a b&a=%C3%A6" })
    expect(payload).toBe("1582236537\nP00000000\nPOST\nlocalhost\n/cb\na=%C3%A6&z=a+b")
  })

  it("differs from a signature over the unsorted query (the mistake the vector guards against)", () => {
    const unsorted = createHmac("sha256", "123")
      .update("1582236537\nP00000000\nGET\nexample.com\n/callback\nB=123&A=992")
      .digest("hex")
    expect(unsorted).not.toBe(signatureHex(vector))
  })
})
