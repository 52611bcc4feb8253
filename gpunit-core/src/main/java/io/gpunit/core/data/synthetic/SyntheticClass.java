package io.gpunit.core.data.synthetic;

/**
 * The object classes {@link SyntheticPrior} can draw. They share one layout skeleton (body, head,
 * four limbs, tail) so that one {@link Latent} places all of them alike, but their shapes and
 * textures differ as much as a cat differs from a car.
 */
public enum SyntheticClass {
  CAT("cat", new CatRenderer()),
  DOG("dog", new DogRenderer()),
  BIRD("bird", new BirdRenderer()),
  CAR("car", new CarRenderer());

  private final String displayName;
  private final ClassRenderer renderer;

  SyntheticClass(String displayName, ClassRenderer renderer) {
    this.displayName = displayName;
    this.renderer = renderer;
  }

  /** Lower-case name for file names, logs and the CLI. */
  public String displayName() {
    return displayName;
  }

  ClassRenderer renderer() {
    return renderer;
  }

  /** The class with this display name (case-insensitive). */
  public static SyntheticClass byName(String name) {
    for (SyntheticClass k : values()) {
      if (k.displayName.equalsIgnoreCase(name) || k.name().equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown synthetic class '" + name + "'; known: cat, dog, bird, car");
  }
}
