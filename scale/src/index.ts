// The multi-instance harness, for the suite here and for bench/ (multi-instance modes).
export { startCluster, instanceEnv, waitReady, type Cluster, type ClusterOptions, type Instance } from "./cluster";
export { startHaproxy, haproxyBinary, HAPROXY_CONFIG, type Haproxy } from "./haproxy";
export { startPostgres, type PostgresServer } from "./postgres";
export { killRedisConnections, redisCommand } from "./redis";
