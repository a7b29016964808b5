// The ArchLens icon, registered with JupyterLab so it follows the theme's icon colors.
import { LabIcon } from '@jupyterlab/ui-components';
import archlensSvg from '../../style/icons/archlens.svg';

export const archlensIcon = new LabIcon({ name: 'archlens:icon', svgstr: archlensSvg });
