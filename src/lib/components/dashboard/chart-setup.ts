// chart.js, tree-shaken to what the dashboards draw: line and bar charts on category and
// linear scales with a legend and tooltips. Loaded on demand, after the page (and its tables)
// is already usable.
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LineController,
	LineElement,
	LinearScale,
	PointElement,
	Tooltip
} from 'chart.js';

Chart.register(
	BarController,
	BarElement,
	CategoryScale,
	Legend,
	LineController,
	LineElement,
	LinearScale,
	PointElement,
	Tooltip
);
Chart.defaults.font.family = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', sans-serif";
Chart.defaults.color = '#1a1a1a';

export { Chart };
