"""The yardstick page for item 4: reads nothing, draws one plotly line chart."""
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="trivial", layout="wide")
st.title("Trivial")
xs = list(range(200))
st.plotly_chart(go.Figure(go.Scatter(x=xs, y=[(x * 37) % 101 for x in xs], mode="lines")), key="trivial.chart")
