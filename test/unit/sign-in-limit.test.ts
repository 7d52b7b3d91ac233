import { describe, expect, it } from "vitest";
import { clientNetworkOf } from "../../src/server/modules/auth/sign-in-limit.js";

describe("the client a sign-in limit counts", () => {
  it("is an IPv4 address as is, IPv4-mapped ones included", () => {
    expect(clientNetworkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetworkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("is an IPv6 address's /64, whatever its spelling", () => {
    const network = "2001:db8:1:2::/64";
    for (const ip of [
      "2001:db8:1:2::1",
      "2001:0db8:0001:0002:ffff:ffff:ffff:ffff",
      "2001:DB8:1:2:aaaa::9",
      "2001:db8:1:2:0:0:0:0",
    ]) {
      expect(clientNetworkOf(ip), ip).toBe(network);
    }
    expect(clientNetworkOf("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(clientNetworkOf("::1")).toBe("0:0:0:0::/64");
    expect(clientNetworkOf("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});
