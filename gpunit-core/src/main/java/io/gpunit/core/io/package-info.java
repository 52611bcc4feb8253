/** File-system helpers shared by every writer in gpunit: crash-safe, atomic replacement of files. */
package io.gpunit.core.io;
