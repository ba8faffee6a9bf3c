/**
 * A tiny "shop" for browser tests of Dintero's real Web SDK: serves the SDK's browser bundle from
 * node_modules (nothing is fetched from the internet), an empty page to embed the checkout in, and
 * a return page for the session's return_url. It listens on `localhost`, so a sandbox on
 * `127.0.0.1` is cross-origin to it, as Dintero is to a real shop.
 */
import { readFileSync } from "node:fs"
import http from "node:http"
import type { AddressInfo } from "node:net"
import path from "node:path"

export interface WebSdkShop {
  /** `http://localhost:<port>`: `/` is the shop page (the SDK loaded as `window.dintero`), `/return` the return page. */
  url: string
  /** The installed SDK's version (what it sends as `sdk=`). */
  sdkVersion: string
  close(): Promise<void>
}

export const SHOP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title><script src="/sdk.js"></script></head>
<body><h1>Shop checkout</h1><div id="checkout-container"></div></body></html>`

const RETURN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Returned</title></head>
<body><h1 id="returned">Back in the shop</h1></body></html>`

export async function startWebSdkShop(): Promise<WebSdkShop> {
  const packageJson = require.resolve("@dintero/checkout-web-sdk/package.json")
  const sdkVersion = (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version
  const bundle = readFileSync(path.join(path.dirname(packageJson), "dist/dintero-checkout-web-sdk.umd.min.js"))
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://shop.invalid").pathname
    if (pathname === "/sdk.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" })
      res.end(bundle)
    } else if (pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
      res.end(SHOP_PAGE)
    } else if (pathname === "/return") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
      res.end(RETURN_PAGE)
    } else {
      res.writeHead(404, { "content-type": "text/plain" })
      res.end("not found")
    }
  })
  // Bound to 127.0.0.1, named localhost: Chromium resolves localhost to loopback itself.
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    sdkVersion,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
