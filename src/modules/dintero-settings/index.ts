import { Module } from "@medusajs/framework/utils"
import checkDinteroSetup from "./loaders/check-setup"
import DinteroSettingsModuleService from "./service"

export const DINTERO_SETTINGS_MODULE = "dintero_settings"

export default Module(DINTERO_SETTINGS_MODULE, { service: DinteroSettingsModuleService, loaders: [checkDinteroSetup] })
export { DinteroSettingsModuleService }
