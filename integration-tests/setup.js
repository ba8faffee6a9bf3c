// Medusa's entities register themselves in a global MetadataStorage; clear it between test files
// so that one file's app does not see another's (the Medusa starter does the same).
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()
