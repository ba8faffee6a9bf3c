/**
 * `medusa-payment-dintero/admin`: the admin extensions (Settings → Dintero, the order page's
 * Dintero panel), bundled by `medusa plugin:build`. Medusa's admin loads this entry itself; it is
 * not meant to be imported by your code, and is typed only so that every export has types.
 */
declare const plugin: {
  widgetModule: { widgets: { Component: unknown; zone: string[] }[] }
  routeModule: { routes: { Component: unknown; path: string }[] }
  menuItemModule: { menuItems: { label: string; path: string }[] }
  [module: string]: unknown
}
export default plugin
