// AssemblyScript resolves `import … from "@gatewasm/sdk"` to this file (asc 0.28 ignores
// package.json's ascMain). The SDK's sources live in assembly/.
export * from "./assembly/index";
