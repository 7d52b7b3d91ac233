// The reference for the quote benchmark: a bare Fastify "hello" route, started the same way as the
// server (node --import tsx, its own process, no request logging).
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/hello", async () => ({ hello: "world" }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
console.log("ready");
