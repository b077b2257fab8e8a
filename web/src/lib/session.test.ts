import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { Role, WhoAmIResponseSchema } from "../gen/eventkit/v1/auth_pb";
import { Permission } from "../gen/eventkit/v1/access_pb";
import { can, homeFor, toMe } from "./session";

describe("toMe", () => {
  it("takes the permissions the node lists in WhoAmI, whatever the roles", () => {
    const me = toMe(create(WhoAmIResponseSchema, { name: "wim", roles: [Role.ADMIN], permissions: [Permission.INVENTORY_READ] }));
    expect(me.permissions).toEqual([Permission.INVENTORY_READ]);
    expect(can(me.permissions, Permission.USERS_ADMIN)).toBe(false);
  });

  it("offers nothing beyond SELF when WhoAmI lists no permissions (no client-side role table)", () => {
    const me = toMe(create(WhoAmIResponseSchema, { role: Role.ADMIN, roles: [Role.ADMIN] }));
    expect(me.roles).toEqual([Role.ADMIN]);
    expect(can(me.permissions, Permission.INVENTORY_READ)).toBe(false);
    expect(can(me.permissions, Permission.SELF)).toBe(true);
  });

  it("a Warehouse user's listed permissions allow inventory edits, not planning edits", () => {
    const me = toMe(
      create(WhoAmIResponseSchema, {
        roles: [Role.WAREHOUSE],
        permissions: [Permission.SELF, Permission.INVENTORY_READ, Permission.INVENTORY_WRITE, Permission.PLANNING_READ],
      }),
    );
    expect(can(me.permissions, Permission.INVENTORY_WRITE)).toBe(true);
    expect(can(me.permissions, Permission.PLANNING_WRITE)).toBe(false);
  });
});

describe("homeFor", () => {
  it("sends a Crew-only user to My work and everyone else to the dashboard", () => {
    expect(homeFor({ roles: [Role.CREW], customRoles: [] })).toBe("/my-work");
    expect(homeFor({ roles: [Role.CREW, Role.PLANNER], customRoles: [] })).toBe("/");
    expect(homeFor({ roles: [Role.CREW], customRoles: ["lead-tech"] })).toBe("/");
    expect(homeFor({ roles: [Role.ADMIN], customRoles: [] })).toBe("/");
    expect(homeFor({ roles: [], customRoles: [] })).toBe("/");
  });
});
