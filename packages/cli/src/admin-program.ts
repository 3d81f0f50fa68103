import type { Command } from 'commander';

// Loaded when a command runs, as main.ts's are: `--help` need not load the server.
const admin = () => import('./admin-commands.ts');

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The administration commands (issue 16 §1; ADR 0025): region, agency, unit, district, token, and
 * the protocol commands that touch the database (upload, publish, pin). `db` adds the database flags.
 */
export function registerAdminCommands(program: Command, db: (c: Command) => Command, protocol: Command): void {
  const yes = (c: Command) => c.option('--yes', 'confirm without asking (for scripts)', false);

  const region = program.command('region').description("A region's settings: name, time zone, maximum response times, follow-up provider, backup 988 centre");
  db(region.command('show').description('Show one region, or every region').argument('[region]', 'a region id, e.g. il-ems-6'))
    .action(async (id, opts) => (await admin()).regionShowCommand(id, opts));
  db(region.command('set').description("Change a region's settings; the flags given change, the rest is kept").argument('<region>', 'a region id'))
    .option('--name <name>', 'the region\'s name')
    .option('--time-zone <zone>', 'an IANA time zone, e.g. America/Chicago')
    .option('--max-default <minutes>', "the RAC's maximum response time in minutes, or none for the server setting")
    .option('--max-level <level=minutes>', 'the maximum for a risk level 1-4, e.g. 4=30 (repeatable)', collect)
    .option('--max-type <type=minutes>', 'the maximum for an emergency type, e.g. youth=45 (repeatable)', collect)
    .option('--clear-maxima', 'start the maxima from empty before the --max-* flags', false)
    .option('--followup-provider <agency>', 'the agency that follows people up, or none')
    .option('--backup-988 <agency>', 'the 988 centre that takes overflow, or none')
    .action(async (id, opts) => (await admin()).regionSetCommand(id, opts));

  const contact = (c: Command) =>
    c.option('--phone <phone>', 'contact phone').option('--email <email>', 'contact email').option('--address <address>', 'postal address').option('--contact-name <name>', 'who to ask for');
  const agency = program.command('agency').description('Agencies of a region: kind, region, contact');
  contact(db(agency.command('add').description('Create an agency in a region')))
    .requiredOption('--id <id>', 'a slug, e.g. rantoul-police')
    .requiredOption('--region <region>', 'its region, e.g. il-ems-6')
    .requiredOption('--kind <kind>', 'e.g. law_enforcement, mcrt_provider, 988_centre, psap')
    .requiredOption('--name <name>', 'its name')
    .option('--county-fips <fips>', 'five-digit county FIPS code')
    .option('--location <lat,lon>', 'where it is')
    .action(async (opts) => (await admin()).agencyAddCommand(opts));
  db(agency.command('list').description('List agencies').option('--region <region>', 'one region only')).action(async (opts) => (await admin()).agencyListCommand(opts));
  contact(db(agency.command('set').description("Change an agency; the flags given change, the rest is kept").argument('<agency>', 'an agency id')))
    .option('--region <region>', 'move it to another region')
    .option('--kind <kind>', 'its kind')
    .option('--name <name>', 'its name')
    .option('--county-fips <fips>', 'five-digit county FIPS code, or none')
    .option('--location <lat,lon>', 'where it is, or none')
    .action(async (id, opts) => (await admin()).agencySetCommand(id, opts));

  const unitFlags = (c: Command) =>
    c
      .option('--name <name>', 'the name dispatchers say')
      .option('--model <model>', 'response model, e.g. program_590_mcrt')
      .option('--agency <agency>', 'the owning agency')
      .option('--composition <roles>', 'roles on board, comma-separated, e.g. mcrt_clinician,engagement_specialist')
      .option('--partners <agencies>', 'agencies that staff it besides the owner, comma-separated')
      .option('--home <lat,lon>', 'the base it starts from')
      .option('--home-label <label>', "the base's name")
      .option('--languages <tags>', 'languages spoken, comma-separated BCP 47 tags, e.g. en,es')
      .option('--youth', 'serves children and youth')
      .option('--no-youth', 'does not serve children and youth')
      .option('--naloxone', 'carries naloxone')
      .option('--no-naloxone', 'carries no naloxone')
      .option('--can-transport', 'can transport a person')
      .option('--no-can-transport', 'cannot transport a person')
      .option('--service-area <file>', 'a GeoJSON file: a Polygon or MultiPolygon, a Feature, or a FeatureCollection of one');
  const unit = program.command('unit').description('Response units: model, agency, composition, capabilities, languages, service area');
  unitFlags(db(unit.command('add').description('Create a unit, off duty until a crew starts a shift')))
    .requiredOption('--id <id>', 'a slug dispatchers say on the radio, e.g. rantoul-mcrt-1')
    .action(async (opts) => (await admin()).unitAddCommand(opts));
  db(unit.command('list').description('List units').option('--agency <agency>', 'one agency only').option('--retired', 'include retired units', false))
    .action(async (opts) => (await admin()).unitListCommand(opts));
  unitFlags(db(unit.command('set').description('Change a unit; the flags given change, the rest is kept').argument('<unit>', 'a unit id')))
    .action(async (id, opts) => (await admin()).unitSetCommand(id, opts));
  yes(db(unit.command('retire').description('Retire a unit for good: it leaves the board and the recommendation (asks first)').argument('<unit>', 'a unit id')))
    .requiredOption('--reason <reason>', 'why (kept in the audit trail)')
    .action(async (id, opts) => (await admin()).unitRetireCommand(id, opts));

  const district = program.command('district').description('Police districts, municipalities and beats: where calls are counted');
  yes(db(district.command('import').description('Import districts from a GeoJSON FeatureCollection; each feature\'s properties: id, kind, name, agencyId').argument('<file>', 'a GeoJSON file')))
    .requiredOption('--region <region>', 'the region they belong to')
    .option('--dry-run', 'say what would be created, replaced or left alone; change nothing', false)
    .action(async (file, opts) => (await admin()).districtImportCommand(file, opts));
  db(district.command('list').description('List districts').option('--region <region>', 'one region only')).action(async (opts) => (await admin()).districtListCommand(opts));
  yes(db(district.command('remove').description('Remove a district; its calls are placed again (asks first)').argument('<district>', 'a district id')))
    .action(async (id, opts) => (await admin()).districtRemoveCommand(id, opts));

  const token = program.command('token').description('API tokens for machine clients (CAD bridges, field devices)');
  db(token.command('list').description("List an account's tokens (never their secrets)").requiredOption('--username <name>', 'the account'))
    .action(async (opts) => (await admin()).tokenListCommand(opts));
  db(token.command('create').description('Create a token acting as one of an account\'s memberships; the secret is shown once'))
    .requiredOption('--username <name>', 'the account')
    .requiredOption('--agency <agency>', 'the membership\'s agency')
    .requiredOption('--role <role>', 'the membership\'s role')
    .requiredOption('--name <name>', 'what it is for, e.g. "CAD bridge"')
    .option('--scopes <permissions>', 'limit it to these permissions, comma-separated (default: the role\'s)')
    .option('--expires-in-days <days>', '1 to 366', '90')
    .action(async (opts) => (await admin()).tokenCreateCommand(opts));
  yes(db(token.command('revoke').description('Revoke a token at once (asks first)').argument('<id>', 'the token id')))
    .action(async (id, opts) => (await admin()).tokenRevokeCommand(id, opts));

  db(protocol.command('upload').description('Check a protocol file against the database: the lint report and whether its version can be published').argument('<file>', 'a protocol file (YAML or JSON)'))
    .action(async (file, opts) => (await admin()).protocolUploadCommand(file, opts));
  yes(db(protocol.command('publish').description('Publish a protocol version (immutable once published; asks first)').argument('<file>', 'a protocol file with status: published')))
    .action(async (file, opts) => (await admin()).protocolPublishCommand(file, opts));
  yes(db(protocol.command('pin').description('Pin the version a region triages new calls with (asks first)').argument('<protocol>', 'ID@VERSION, e.g. il-irlm@2025.09.0')))
    .requiredOption('--region <region>', 'the region')
    .action(async (version, opts) => (await admin()).protocolPinCommand(version, opts));
}
