// Run by `medusa exec` in the boot test: reaching it means the app booted.
export default async function noop() {
  console.log("app booted")
}
