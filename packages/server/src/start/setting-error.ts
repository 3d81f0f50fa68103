import { adminSettingName, type AdminConfig } from '../config.ts';

/** A start-up refusal worded like loadConfig's, naming the setting to fix. */
export const adminSettingError = (field: keyof AdminConfig, message: string): Error =>
  new Error(`Invalid configuration:\n  admin.${field} (${adminSettingName(field)}): ${message}\nSee README.md, "Configuration".`);
