import type { INotificationModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * A notice in Medusa Admin's notification feed (the bell), for what an admin must know about a
 * payment: a released authorization, a second payment for one cart. Medusa's default config has
 * a `feed` channel (the local notification provider); without one, the error log still has it.
 */
export async function noticeToAdmin(container: MedusaContainer, notice: { title: string; description: string }): Promise<void> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  try {
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    await notifications.createNotifications({
      to: "",
      channel: "feed",
      template: "admin-ui",
      data: { title: notice.title, description: notice.description },
    })
  } catch (error) {
    logger.warn(`Dintero: could not show a notice in the admin (${(error as Error).message}): ${notice.title}: ${notice.description}`)
  }
}
