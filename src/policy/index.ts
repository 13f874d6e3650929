/**
 * The policy API the engine and the reporters use. Reading a policy file (load.ts, with
 * the YAML parser and the JSON Schema validator) is imported where a file is read: the built-in
 * presets need neither, and loading them cost every start-up.
 */
export type {
  Exception,
  FailOn,
  ImageOverride,
  Level,
  OptionsPatch,
  Policy,
  PresetName,
  RuleId,
  RuleOptionsMap,
  RuleOverride,
  RuleOverrides,
  RuleSetting,
  RuleSettings,
} from './types.ts';
export { FAIL_ON_VALUES, LEVELS, PRESET_NAMES, RULE_IDS } from './types.ts';
export { builtinPolicy } from './presets.ts';
export { findException, policyForImage } from './resolve.ts';
