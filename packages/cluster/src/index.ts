export { connectRedisTransport, type RedisTransport, type RedisTransportOptions } from "./redis-transport";
