import { readFileSync } from "node:fs"
import path from "node:path"

/*
 * The README shows the files the packaging test installs (examples/medusa-app): what a reader
 * copies is what was tested. And one return path everywhere.
 */
const root = path.resolve(__dirname, "../..")
const read = (file: string) => readFileSync(path.join(root, file), "utf8")

/** The contents of the fenced code blocks of a Markdown text. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((match) => match[1])
}

describe("the documentation shows the tested files", () => {
  it.each([
    ["README.md", "examples/medusa-app/medusa-config.ts"],
    ["README.md", "examples/medusa-app/.env.template"],
    ["README.md", "examples/medusa-app/sandbox.env"],
    ["docs/sandbox.md", "examples/medusa-app/sandbox.env"],
  ])("%s shows %s verbatim", (doc, example) => {
    expect(codeBlocks(read(doc))).toContain(read(example))
  })

  it("names one return page path, /checkout/dintero/return, everywhere (the Next.js page file is its route)", () => {
    const files = ["README.md", "docs/sandbox.md", "examples/dtc-starter/README.md", "examples/dtc-starter/apply.mjs", "examples/medusa-app/.env.template", "examples/medusa-app/sandbox.env", "medusa-config.ts"]
    for (const file of files) {
      const paths = [...read(file).matchAll(/\/checkout\/dintero[^\s?`"'#)]*/g)].map((match) => match[0])
      expect([file, paths.filter((found) => !/^\/checkout\/dintero\/return(\/page\.tsx)?$/.test(found))]).toEqual([file, []])
    }
  })
})
