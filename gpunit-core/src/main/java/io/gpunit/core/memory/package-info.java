/**
 * The process's native memory as ND4J sees it: resident bytes, and resident bytes once dead arrays
 * are freed. Leak checks, the soak benchmark and the training memory guard read it here.
 */
package io.gpunit.core.memory;
