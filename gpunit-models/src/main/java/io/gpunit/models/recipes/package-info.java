/**
 * Ready-made training recipes: {@link io.gpunit.models.recipes.SmallTrainers} builds the four
 * translators at the CPU widths that {@code gpunit train} and the demo use, so that a library user
 * can train what the command line trains.
 */
package io.gpunit.models.recipes;
