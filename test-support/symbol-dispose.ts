/**
 * Import before playwright-core in jest tests. playwright-core disposes its handles with `using`,
 * keyed by Symbol.dispose / Symbol.asyncDispose. Node 20 defines those on its own realm only, and
 * jest runs each test file in a vm context whose Symbol lacks them: playwright's methods then end
 * up under the key "undefined", and an action on an element inside an iframe hangs on "Object not
 * disposable". Defining them in the test's realm, before playwright loads, makes both sides agree.
 */
const symbols = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol }
symbols.dispose ??= Symbol.for("Symbol.dispose")
symbols.asyncDispose ??= Symbol.for("Symbol.asyncDispose")

export {}
