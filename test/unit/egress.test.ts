import { describe, expect, it } from "vitest";
import { nonPublicRange, refusedEndpointUrl } from "../../src/server/egress.js";

describe("the webhook egress filter", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["100.64.0.1", "shared (carrier-grade NAT)"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::10.0.0.1", "private"],
    ["64:ff9b::10.0.0.1", "private"],
  ])("refuses %s (%s)", (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "lets %s through",
    (address) => {
      expect(nonPublicRange(address)).toBeUndefined();
    },
  );

  it("refuses schemes, credentials and hosts resolving to private addresses; allows them only when told", async () => {
    const resolvesTo = (address: string) => async () => [{ address, family: address.includes(":") ? 6 : 4 }];
    const refused = (url: string, lookup = resolvesTo("93.184.216.34")) =>
      refusedEndpointUrl(url, { allowPrivateNetworks: false, lookup });
    expect(await refused("ftp://example.com/hook")).toMatch(/http\(s\)/);
    expect(await refused("file:///etc/passwd")).toMatch(/http\(s\)/);
    expect(await refused("https://user:secret@example.com/hook")).toMatch(/credentials/);
    // The URL parser's forms of 127.0.0.1: decimal, hexadecimal, octal.
    for (const url of [
      "http://2130706433/",
      "http://0x7f.0.0.1/",
      "http://0177.0.0.1/",
      "http://[::ffff:127.0.0.1]/",
    ])
      expect(await refused(url)).toMatch(/loopback/);
    expect(await refused("http://169.254.169.254/latest/meta-data/")).toMatch(/link-local/);
    // A name is judged by what it resolves to, without saying the address.
    const internal = await refused("https://hooks.internal.example/", resolvesTo("10.0.0.5"));
    expect(internal).toMatch(/not public/);
    expect(internal).not.toContain("10.0.0.5");
    expect(await refused("https://hooks.example.com/")).toBeUndefined();
    expect(await refused("https://[2606:4700::1111]/")).toBeUndefined();
    expect(
      await refusedEndpointUrl("http://127.0.0.1:3000/hooks", { allowPrivateNetworks: true }),
    ).toBeUndefined();
    expect(await refusedEndpointUrl("https://u:p@127.0.0.1/", { allowPrivateNetworks: true })).toMatch(
      /credentials/,
    );
  });
});
