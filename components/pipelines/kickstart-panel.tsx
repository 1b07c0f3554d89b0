// Kickstart: the Rain Shield example filled in at once, in the sandbox (valid as is) or for an
// AWS account (the review step then asks for its credentials).
import { AWS_REGIONS } from '@/lib/pipeline/spec/aws-regions';
import { KickstartAwsForm, KickstartSandboxForm } from './kickstart-forms';

const cardClass = 'space-y-3 rounded-lg border border-line bg-surface p-5';

export function KickstartPanel({ org, sandboxAvailable }: { org: string; sandboxAvailable: boolean }) {
  const reasonId = 'kickstart-sandbox-unavailable';
  return (
    <div className="space-y-4">
      <div className="max-w-prose space-y-2 text-sm">
        <p>
          <strong>Rain Shield</strong> brings customers together from four tools. Airbyte syncs <strong>Zoom</strong> (server-to-server
          OAuth), <strong>Salesforce</strong>, <strong>Stripe</strong> and <strong>Zendesk</strong> every hour into a{' '}
          <strong>PostgreSQL</strong> warehouse; dbt builds the <strong>unified users</strong> models (one row per email address, names
          coalesced across the sources); Grouparoo sends them to <strong>Mailchimp</strong> and <strong>Salesforce</strong>.
        </p>
        <p className="text-muted">Every step of the wizard is filled in; you land on the review to look it over and change anything.</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="kickstart-sandbox-title" className={cardClass}>
          <h3 id="kickstart-sandbox-title" className="font-semibold">
            In the sandbox
          </h3>
          <p className="text-sm text-muted">
            Runs against the local stand-ins that come with Tapestry: no cloud account, and every credential is set for you. One click.
          </p>
          {!sandboxAvailable && (
            <p id={reasonId} className="text-sm">
              The sandbox is not running beside this server, so there is nothing to run a sandbox pipeline on. Start Tapestry with{' '}
              <code className="rounded bg-sunken px-1 font-mono">npm start</code> (it starts the sandbox unless{' '}
              <code className="rounded bg-sunken px-1 font-mono">TAPESTRY_SANDBOX=off</code>), or Kickstart in AWS.
            </p>
          )}
          <KickstartSandboxForm org={org} available={sandboxAvailable} reasonId={reasonId} />
        </section>
        <section aria-labelledby="kickstart-aws-title" className={cardClass}>
          <h3 id="kickstart-aws-title" className="font-semibold">
            In AWS
          </h3>
          <p className="text-sm text-muted">Deploys into your own AWS account. Nothing is created until you deploy.</p>
          <KickstartAwsForm org={org} regions={AWS_REGIONS} />
        </section>
      </div>
    </div>
  );
}
