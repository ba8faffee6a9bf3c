import { assignmentScope, resolveProfile } from "../profile-resolution"

const a = (profile_id: string, region_id: string | null = null, sales_channel_id: string | null = null) => ({ profile_id, region_id, sales_channel_id })

describe("resolveProfile: sales channel → region → default → option", () => {
  const all = [a("p-default"), a("p-region", "reg_1"), a("p-channel", null, "sc_1"), a("p-other-region", "reg_2")]

  it.each([
    ["the sales channel's", { region_id: "reg_1", sales_channel_id: "sc_1" }, all, "p-channel", "sales_channel"],
    ["the region's when the channel has none", { region_id: "reg_1", sales_channel_id: "sc_9" }, all, "p-region", "region"],
    ["the default when neither has one", { region_id: "reg_9", sales_channel_id: "sc_9" }, all, "p-default", "default"],
    ["the option without assignments", { region_id: "reg_1", sales_channel_id: "sc_1" }, [], "opt", "option"],
    ["the default without a cart", undefined, all, "p-default", "default"],
    ["the option when only other scopes are assigned", { region_id: "reg_9" }, [a("x", "reg_1")], "opt", "option"],
  ] as const)("%s", (_why, cart, assignments, profileId, source) => {
    expect(resolveProfile(assignments, cart, "opt")).toEqual({ profileId, source, express: false })
  })

  it("takes express from the assignment that chose the profile, not from a less specific one", () => {
    const rows = [{ ...a("p-default"), express: true }, { ...a("p-region", "reg_1"), express: false }, { ...a("p-channel", null, "sc_1"), express: true }]
    expect(resolveProfile(rows, { region_id: "reg_1", sales_channel_id: "sc_1" }, "opt").express).toBe(true)
    expect(resolveProfile(rows, { region_id: "reg_1", sales_channel_id: "sc_9" }, "opt").express).toBe(false)
    expect(resolveProfile(rows, { region_id: "reg_9" }, "opt").express).toBe(true)
    expect(resolveProfile([], { region_id: "reg_9" }, "opt").express).toBe(false)
  })
})

describe("assignmentScope", () => {
  it("is one key per default, region or sales channel", () => {
    expect(assignmentScope({})).toBe("default")
    expect(assignmentScope({ region_id: "reg_1" })).toBe("region:reg_1")
    expect(assignmentScope({ sales_channel_id: "sc_1" })).toBe("sales_channel:sc_1")
  })
})
