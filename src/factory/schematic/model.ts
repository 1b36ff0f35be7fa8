/**
 * The Image Factory schematic's data model: the fields image-factory's `Schematic` struct holds,
 * their allowed values, and where each value sits in the file it was read from.
 * @module
 */
/** Bootloader choices of `customization.bootloader`; `none` is the zero value (not written). */
export const BOOTLOADERS = ['none', 'dual-boot', 'sd-boot', 'grub'] as const
export type Bootloader = (typeof BOOTLOADERS)[number]

/**
 * `customization.secureboot.enrollKeys` choices (systemd-boot's `secure-boot-enroll` values). The
 * field is a plain string in the factory, so an explicit `off` is kept and written `"off"` (go-yaml
 * quotes YAML 1.1 booleans); only an absent or empty value is left out. See docs/schematic.md.
 */
export const ENROLL_KEYS = ['off', 'manual', 'if-safe', 'force'] as const
export type EnrollKeys = (typeof ENROLL_KEYS)[number]

/**
 * A YAML float whose value is a whole number (`1.0`, `1e6`). Go keeps it a float64 and writes it
 * with `strconv.FormatFloat` (`1e+06`), unlike the integer `1000000`; this wrapper keeps the
 * difference through a round trip.
 */
export class YamlFloat {
  readonly value: number
  constructor(value: number) {
    this.value = value
  }
}

/**
 * A value inside `overlay.options` (Go `map[string]any`). A JS `number` that is a safe integer and
 * a `bigint` are YAML integers; other numbers are floats, as is a {@link YamlFloat}.
 */
export type OverlayOptionValue =
  | string
  | bigint
  | number
  | boolean
  | null
  | YamlFloat
  | OverlayOptionValue[]
  | { [key: string]: OverlayOptionValue }

/** An overlay (SBC support); when any field is set, `image` and `name` are always written. */
export interface SchematicOverlay {
  image?: string
  name?: string
  options?: { [key: string]: OverlayOptionValue }
}

/** One initial META entry; `key` is a uint8 (0..255). */
export interface SchematicMetaValue {
  key: number
  value: string
}

/** `customization`: always written, `{}` when empty. */
export interface SchematicCustomization {
  /** Talos >= 1.12. Public once the schematic is registered: never put secrets here (T19). */
  embeddedMachineConfiguration?: string
  extraKernelArgs?: string[]
  meta?: SchematicMetaValue[]
  systemExtensions?: { officialExtensions?: string[] }
  bootloader?: Bootloader
  secureboot?: { enrollKeys?: EnrollKeys; includeWellKnownCertificates?: boolean }
  diskImage?: { sectorSize?: number | bigint }
}

/**
 * Mirror of image-factory's `schematic.Schematic`. Field order is the serialization order; zero
 * values are omitted; list order is significant (no sorting).
 */
export interface Schematic {
  /** Set by Enterprise factories with authentication; part of the hashed body. */
  owner?: string
  overlay?: SchematicOverlay
  customization?: SchematicCustomization
}

/** 1-based position of a field or list item, keyed by its path (`customization.extraKernelArgs[0]`). */
export interface SchematicPosition {
  line: number
  column: number
}

/**
 * A schematic with the positions of its fields, for findings that point into the file. A field's
 * path maps to its key (`customization.extraKernelArgs`), a list item's to the item
 * (`customization.extraKernelArgs[1]`), an overlay option's to its key (`overlay.options.configTxt`).
 */
export interface ParsedSchematic {
  schematic: Schematic
  positions: ReadonlyMap<string, SchematicPosition>
}

/** The official extension name of Tailscale. */
export const TAILSCALE_EXTENSION = 'siderolabs/tailscale'

export function hasTailscaleExtension(schematic: Schematic): boolean {
  return (schematic.customization?.systemExtensions?.officialExtensions ?? []).includes(TAILSCALE_EXTENSION)
}
