import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEVICE_COOKIE, newDeviceId, readDeviceCookie, signDevice, verifyDevice } from "./device";

const USER = "6f1c3a52-8d0e-4a47-9d3b-2f5e1c7a9b10";
const KEY = "scrypt$10$8$1$c2FsdA==$aGFzaA==";

describe("device cookies", () => {
  it("verifies its own signature for the same user and key only, and does not name the account", () => {
    const id = newDeviceId();
    const value = signDevice(USER, id, KEY);
    expect(value).not.toContain(USER);
    expect(verifyDevice(value, USER, KEY)).toBe(id);
    expect(verifyDevice(value, "another-user", KEY)).toBeNull();
    expect(verifyDevice(value, USER, `${KEY}x`)).toBeNull();
    expect(verifyDevice(value.replace(id, newDeviceId()), USER, KEY)).toBeNull();
  });

  it("never accepts a changed value (property)", () => {
    const value = signDevice(USER, newDeviceId(), KEY);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (other) => {
        fc.pre(other !== value);
        expect(verifyDevice(other, USER, KEY)).toBeNull();
      }),
    );
  });

  it("reads the cookie from a header, and ignores malformed ones without throwing", () => {
    expect(readDeviceCookie(`a=1; ${DEVICE_COOKIE}=v1.x.y.z; b=%E0`)).toBe("v1.x.y.z");
    expect(readDeviceCookie(`${DEVICE_COOKIE}=%E0%A4%A`)).toBeNull();
    expect(readDeviceCookie(`${DEVICE_COOKIE}=`)).toBeNull();
    expect(readDeviceCookie(undefined)).toBeNull();
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), (header) => void readDeviceCookie(header)));
  });
});
