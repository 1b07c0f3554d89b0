// The form's props, for every field at any depth without threading them through each level.
import { createContext, use } from 'react';
import type { ConnectorFormProps } from './types';

export const FormContext = createContext<ConnectorFormProps | null>(null);

export function useConnectorForm(): ConnectorFormProps {
  const props = use(FormContext);
  if (!props) throw new Error('Connector form fields render only inside <ConnectorForm>.');
  return props;
}
