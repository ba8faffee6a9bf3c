// Types of check-package.mjs, for the packaging test.

export type PackageJson = { name: string; exports: Record<string, unknown>; [field: string]: unknown }

export const REQUIRED_FILES: string[]
export function declaredPaths(pkg: PackageJson): string[]
export function packageProblems(files: string[], pkg: PackageJson, read: (path: string) => string): string[]
export function loadProblems(pkg: PackageJson, fromDir: string): string[]
export function packList(root: string): string[]
