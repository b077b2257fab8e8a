import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { Role, WhoAmIResponseSchema } from "../gen/eventkit/v1/auth_pb";
import { Permission } from "../gen/eventkit/v1/access_pb";
import { can, effectivePermissions } from "./session";

describe("effectivePermissions", () => {
  it("takes the node's list when WhoAmI has one", () => {
    const r = create(WhoAmIResponseSchema, { roles: [Role.ADMIN], permissions: [Permission.INVENTORY_READ] });
    expect(effectivePermissions(r)).toEqual([Permission.INVENTORY_READ]);
  });

  it("derives a Warehouse user's permissions from the role table: inventory edits, no planning edits", () => {
    const r = create(WhoAmIResponseSchema, { role: Role.WAREHOUSE, roles: [Role.WAREHOUSE] });
    const p = effectivePermissions(r);
    expect(can(p, Permission.INVENTORY_WRITE)).toBe(true);
    expect(can(p, Permission.PLANNING_READ)).toBe(true);
    expect(can(p, Permission.PLANNING_WRITE)).toBe(false);
    expect(can(p, Permission.USERS_ADMIN)).toBe(false);
  });

  it("gives a user the union of their roles, and an admin everything but PUBLIC", () => {
    const both = effectivePermissions(create(WhoAmIResponseSchema, { roles: [Role.CREW, Role.PLANNER] }));
    expect(can(both, Permission.PLANNING_WRITE)).toBe(true);
    const admin = effectivePermissions(create(WhoAmIResponseSchema, { roles: [Role.ADMIN] }));
    expect(admin).toContain(Permission.USERS_ADMIN);
    expect(admin).not.toContain(Permission.PUBLIC);
  });
});
