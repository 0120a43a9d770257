import { assertEquals, assertThrows } from "../tests/helpers/assert.ts";
import { HttpError } from "./errors.ts";
import {
  planUserChange,
  type Refusal,
  type UserChange,
  userChangeRefusal,
  userDeleteRefusal,
} from "./user_admin.ts";

const anna = { id: "u1", username: "Anna", is_admin: false };
const boss = { id: "u2", username: "Boss", is_admin: true };

const ok: [string, Record<string, unknown>, UserChange][] = [
  ["empty body changes nothing", {}, {}],
  ["a new name, trimmed", { username: "  Anne " }, { username: "Anne" }],
  ["a case-only rename is a change", { username: "anna" }, { username: "anna" }],
  ["the same name is no change", { username: "Anna" }, {}],
  ["promote", { is_admin: true }, { is_admin: true }],
  ["the same flag is no change", { is_admin: false }, {}],
  ["both at once", { username: "Anne", is_admin: true }, { username: "Anne", is_admin: true }],
  ["unknown fields are ignored", { id: "x", password: "secret123" }, {}],
];

for (const [label, body, expected] of ok) {
  Deno.test(`planUserChange: ${label}`, () => {
    assertEquals(planUserChange(body, anna), expected);
  });
}

const bad: [string, Record<string, unknown>, string][] = [
  ["empty name", { username: "  " }, '"username" must be a non-empty string'],
  ["name not a string", { username: 7 }, '"username" must be a non-empty string'],
  ["name field too long", { username: "x".repeat(101) }, '"username" is longer than 100'],
  ["name over 64 characters", { username: "x".repeat(65) }, "username must be 1–64 characters"],
  [
    "name with other characters",
    { username: "a/b" },
    "username may contain letters, digits, spaces and . _ @ -",
  ],
  ["is_admin not a boolean", { is_admin: "yes" }, '"is_admin" must be true or false'],
  ["is_admin null", { is_admin: null }, '"is_admin" must be true or false'],
];

for (const [label, body, message] of bad) {
  Deno.test(`planUserChange refuses: ${label}`, () => {
    const err = assertThrows(() => planUserChange(body, anna), HttpError);
    assertEquals([err.code, err.message], ["bad_request", message]);
  });
}

const changeCases: [
  string,
  Parameters<typeof userChangeRefusal>[0],
  Refusal | undefined,
][] = [
  ["a free name", { target: anna, change: { username: "Anne" }, adminCount: 1 }, undefined],
  [
    "a case-only rename finds the user itself",
    { target: anna, change: { username: "anna" }, adminCount: 1, nameOwner: { id: "u1" } },
    undefined,
  ],
  [
    "another user's name",
    { target: anna, change: { username: "boss" }, adminCount: 1, nameOwner: { id: "u2" } },
    { code: "conflict", message: 'The user name "boss" is taken' },
  ],
  [
    "demoting one of two admins",
    { target: boss, change: { is_admin: false }, adminCount: 2 },
    undefined,
  ],
  [
    "demoting the only admin",
    { target: boss, change: { is_admin: false }, adminCount: 1 },
    {
      code: "conflict",
      message: "Boss is the only admin: make another user an admin first, so the server keeps one",
    },
  ],
  ["promoting", { target: anna, change: { is_admin: true }, adminCount: 1 }, undefined],
  [
    "renaming the only admin",
    { target: boss, change: { username: "Chef" }, adminCount: 1 },
    undefined,
  ],
];

for (const [label, input, expected] of changeCases) {
  Deno.test(`userChangeRefusal: ${label}`, () => {
    assertEquals(userChangeRefusal(input), expected);
  });
}

const deleteCases: [
  string,
  Parameters<typeof userDeleteRefusal>[0],
  Refusal["code"] | undefined,
][] = [
  ["a plain user", { actorId: "u2", target: anna, adminCount: 1 }, undefined],
  ["another admin of two", { actorId: "u3", target: boss, adminCount: 2 }, undefined],
  ["yourself", { actorId: "u2", target: boss, adminCount: 2 }, "bad_request"],
  ["yourself, as the only admin", { actorId: "u2", target: boss, adminCount: 1 }, "bad_request"],
  ["the only admin", { actorId: "u3", target: boss, adminCount: 1 }, "conflict"],
];

for (const [label, input, expected] of deleteCases) {
  Deno.test(`userDeleteRefusal: ${label}`, () => {
    assertEquals(userDeleteRefusal(input)?.code, expected);
  });
}

Deno.test("userDeleteRefusal: deleting yourself says to ask another admin", () => {
  assertEquals(
    userDeleteRefusal({ actorId: "u2", target: boss, adminCount: 3 })?.message,
    "You cannot delete your own account; ask another admin to delete it",
  );
});
